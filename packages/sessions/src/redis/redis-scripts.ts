/** Marks "the field was absent" in an expected value (JSON text never equals it). @internal */
export const ABSENT = '\u0000absent';

/**
 * Applies one session's changes atomically. KEYS: the session hash, the index (a sorted set of
 * browser ids by the timeslice of their last touch), the birth index (browser ids by creation
 * time, epoch ms). ARGV: mode (`create`, `update`, `delete`), the browser id, the TTL in ms
 * (`''`: none), the index score (`''`: unchanged), the birth score (`''`: unchanged), then the
 * count and pairs of checks (field, JSON read or {@link ABSENT}), the count and pairs of sets, the
 * count and names of deleted fields. Returns 1 when applied, 0 when an update found the session
 * gone (invalidated or expired meanwhile: the invalidation wins), -1 when a checked field
 * changed (a conflict: the request is retried). @internal
 */
export const APPLY_SCRIPT = `
local mode = ARGV[1]
if mode == 'delete' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[2])
  redis.call('ZREM', KEYS[3], ARGV[2])
  return 1
end
if mode == 'update' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local i = 7
for c = 1, tonumber(ARGV[6]) do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local expected = ARGV[i + 1]
  if expected == '${ABSENT}' then
    if current then return -1 end
  elseif current ~= expected then
    return -1
  end
  i = i + 2
end
local sets = tonumber(ARGV[i])
i = i + 1
if sets > 0 then
  local args = {}
  for c = 1, sets * 2 do args[c] = ARGV[i + c - 1] end
  redis.call('HSET', KEYS[1], unpack(args))
  i = i + sets * 2
end
local deletes = tonumber(ARGV[i])
i = i + 1
for c = 1, deletes do redis.call('HDEL', KEYS[1], ARGV[i + c - 1]) end
if ARGV[3] == '' then redis.call('PERSIST', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2]) end
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2]) end
return 1
`;

/**
 * Finalizes expired sessions atomically, at most ARGV[2] of them: those whose index score
 * (KEYS[1]) is below ARGV[1] (idle; `''`: no idle timeout), then those whose birth score
 * (KEYS[2]) is at most ARGV[4] (the absolute timeout; `''`: off). Each is removed from both
 * indexes and its hash (ARGV[3] + id) deleted; returns `[id, fields...]` lists so the caller can
 * fire delete notifications (no fields when Redis already dropped the hash at its TTL). A session
 * touched meanwhile has a newer score and is left alone. @internal
 */
export const HOUSEKEEP_SCRIPT = `
local max = tonumber(ARGV[2])
local out = {}
local function finalize(ids)
  for _, id in ipairs(ids) do
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    local hash = ARGV[3] .. id
    local fields = redis.call('HGETALL', hash)
    redis.call('DEL', hash)
    table.insert(fields, 1, id)
    table.insert(out, fields)
  end
end
if ARGV[1] ~= '' then
  finalize(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, max))
end
if ARGV[4] ~= '' and #out < max then
  finalize(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[4], 'LIMIT', 0, max - #out))
end
return out
`;
