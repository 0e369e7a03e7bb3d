import { BadRequestError } from '@zoa/core';
import { checkPageSource, isForbiddenName, safeLookup } from '@zoa/core/tree';

describe('checkPageSource', () => {
  it.each([
    '<h1>{{ context.title }}</h1>',
    '{% for item in options.items %}{{ loop.index }}: {{ item.title | upper }}{% endfor %}',
    '{{ options.rows[0]["name"] }} {{ items.length }}',
    '{{ lookup(row, column) }}',
    '{% macro m(x) %}{{ x }}{{ caller() }}{% endmacro %}{% call m(1) %}body{% endcall %}',
    '{% set total = 1 + 2 %}{{ total }}{{ "x" | replace("x", "y") }}',
  ])('accepts %j', (source) => {
    expect(() => checkPageSource(source)).not.toThrow();
  });

  it.each([
    ['{{ "".constructor.constructor("return process")() }}', 'the attribute "constructor"'],
    ['{{ range.constructor("return process")() }}', 'the attribute "constructor"'],
    ['{{ constructor }}', 'the name "constructor"'],
    ['{{ constructor.constructor("return 1")() }}', 'the attribute "constructor"'],
    ['{{ context._p_jar }}', 'the attribute "_p_jar"'],
    ['{{ context.__proto__ }}', 'the attribute "__proto__"'],
    ['{{ helpers.x.call(1) }}', 'the attribute "call"'],
    ['{{ valueOf().env }}', 'the name "valueOf"'],
    ['{% set k = "constr" + "uctor" %}{{ context[k] }}', 'computed lookups'],
    ['{{ context["con" ~ "structor"] }}', 'computed lookups'],
    ['{% include "secret.njk" %}', 'include, import and extends'],
    ['{% extends "base.html" %}', 'include, import and extends'],
    ['{% import "macros.njk" as m %}', 'include, import and extends'],
    ['{% from "macros.njk" import m %}', 'include, import and extends'],
    ['{% for x in %}', 'syntax error'],
  ])('refuses %j', (source, message) => {
    let caught: unknown;
    try {
      checkPageSource(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect((caught as Error).message).toContain(message);
  });
});

describe('safeLookup', () => {
  it('reads own properties, array items and Map entries only', () => {
    const row = { name: 'n', _secret: 's' };
    expect(safeLookup(row, 'name')).toBe('n');
    expect(safeLookup(row, '_secret')).toBeUndefined();
    expect(safeLookup(row, 'constructor')).toBeUndefined();
    expect(safeLookup(row, 'toString')).toBeUndefined();
    expect(safeLookup(['a', 'b'], 1)).toBe('b');
    expect(safeLookup(new Map([['k', 1]]), 'k')).toBe(1);
    expect(safeLookup(() => 1, 'constructor')).toBeUndefined();
    expect(safeLookup(null, 'x')).toBeUndefined();
    expect(isForbiddenName('bind')).toBe(true);
    expect(isForbiddenName('length')).toBe(false);
  });
});
