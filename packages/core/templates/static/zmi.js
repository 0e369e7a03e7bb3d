/* The ZMI's progressive enhancement: every screen works without it, except file uploads. */
/* global document, window, FileReader, XMLHttpRequest */
'use strict';

(function zmi() {
  /** Checkboxes named like `data-select-all` in the same form follow it; buttons follow them. */
  function wireSelection(form) {
    const all = form.querySelector('input[data-select-all]');
    const name = all
      ? all.getAttribute('data-select-all')
      : form.getAttribute('data-selection') || 'ids';
    const boxes = () => Array.from(form.querySelectorAll(`input[type=checkbox][name="${name}"]`));
    const update = () => {
      const checked = boxes().filter((box) => box.checked).length;
      for (const button of form.querySelectorAll('[data-needs-selection]')) {
        button.disabled = checked === 0;
      }
      if (all) {
        all.checked = checked > 0 && checked === boxes().length;
        all.indeterminate = checked > 0 && checked < boxes().length;
      }
    };
    if (all) {
      all.addEventListener('change', () => {
        for (const box of boxes()) box.checked = all.checked;
        update();
      });
    }
    form.addEventListener('change', update);
    update();
  }

  /** Buttons with `data-confirm` ask first. */
  function wireConfirm(button) {
    button.addEventListener('click', (event) => {
      if (!window.confirm(button.getAttribute('data-confirm'))) event.preventDefault();
    });
  }

  /** Forms with `data-busy` show a spinner and disable their buttons while the server works. */
  function wireBusy(form) {
    form.addEventListener('submit', () => {
      form.classList.add('zmi-busy');
      window.setTimeout(() => {
        for (const button of form.querySelectorAll('button')) button.disabled = true;
      }, 0);
    });
  }

  function readFile(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => {
        const url = String(reader.result);
        resolve({ name: file.name, type: file.type, base64: url.slice(url.indexOf(',') + 1) });
      };
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  /**
   * Forms with `data-upload` are sent as JSON (files as base64) with a progress bar: the
   * publisher reads urlencoded and JSON bodies, not multipart ones.
   */
  function wireUpload(form) {
    const progress = form.querySelector('progress');
    const status = form.querySelector('[data-upload-status]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = {};
      for (const element of form.elements) {
        if (!element.name || element.disabled) continue;
        if (element.type === 'file') {
          if (element.files.length > 0) body[element.name] = await readFile(element.files[0]);
        } else if ((element.type === 'checkbox' || element.type === 'radio') && !element.checked) {
          continue;
        } else if (element.multiple && element.selectedOptions) {
          body[element.name] = Array.from(element.selectedOptions, (option) => option.value);
        } else if (element.name in body) {
          body[element.name] = [].concat(body[element.name], element.value);
        } else {
          body[element.name] = element.value;
        }
      }
      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Content-Type', 'application/json');
      xhr.setRequestHeader('Accept', 'application/json');
      if (progress) {
        progress.hidden = false;
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) progress.value = e.loaded / e.total;
        };
      }
      xhr.onload = () => {
        let answer = {};
        try {
          answer = JSON.parse(xhr.responseText);
        } catch {
          answer = {};
        }
        if (xhr.status < 300 && answer.location) {
          window.location.assign(answer.location);
        } else if (status) {
          status.hidden = false;
          status.textContent =
            (answer.error && answer.error.message) || `Upload failed (${xhr.status})`;
          if (progress) progress.hidden = true;
        }
      };
      xhr.onerror = () => {
        if (status) {
          status.hidden = false;
          status.textContent = 'Upload failed: the server could not be reached.';
        }
      };
      xhr.send(JSON.stringify(body));
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const form of document.querySelectorAll('form[data-selection]')) wireSelection(form);
    for (const button of document.querySelectorAll('[data-confirm]')) wireConfirm(button);
    for (const form of document.querySelectorAll('form[data-busy]')) wireBusy(form);
    for (const form of document.querySelectorAll('form[data-upload]')) wireUpload(form);
  });
})();
