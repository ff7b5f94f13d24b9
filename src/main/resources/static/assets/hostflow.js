// HostFlow pages: a few progressive enhancements. Every page also works without this script.
(function () {
  'use strict';

  // Lists of rows (resources, parameters, add-ons): "Add" clones the row template with the next index.
  document.addEventListener('click', function (event) {
    var add = event.target.closest('[data-add-row]');
    if (add) {
      var name = add.getAttribute('data-add-row');
      var body = document.querySelector('[data-rows="' + name + '"]');
      var template = document.getElementById(name + '-row');
      var index = parseInt(body.getAttribute('data-next-index') || '0', 10);
      // indexes of the rows already there are taken; go past the highest one
      body.querySelectorAll('[name^="' + name + '["]').forEach(function (input) {
        var m = input.name.match(/\[(\d+)]/);
        if (m) { index = Math.max(index, parseInt(m[1], 10) + 1); }
      });
      body.insertAdjacentHTML('beforeend', template.innerHTML.replace(/ROWINDEX/g, String(index)));
      body.setAttribute('data-next-index', String(index + 1));
      return;
    }
    var remove = event.target.closest('[data-remove-row]');
    if (remove) {
      var row = remove.closest('.row-item');
      // blank rows are ignored on save, so clearing keeps the indexes of the other rows intact
      row.querySelectorAll('input, select').forEach(function (input) {
        if (input.type === 'checkbox') { input.checked = false; } else if (input.type !== 'hidden') { input.value = ''; }
      });
      row.hidden = true;
    }
  });

  // Forms that ask before they do something that cannot be undone.
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Parts of a form shown only for a choice: data-show-when="iconKind=FLAG" or "queue.runInQueue=true".
  function applyShowWhen(form) {
    form.querySelectorAll('[data-show-when]').forEach(function (part) {
      var rule = part.getAttribute('data-show-when').split('=');
      var inputs = form.querySelectorAll('[name="' + rule[0] + '"]');
      var value = null;
      inputs.forEach(function (input) {
        if (input.type === 'radio') { if (input.checked) { value = input.value; } }
        else if (input.type === 'checkbox') { value = input.checked ? 'true' : 'false'; }
        else { value = input.value; }
      });
      part.hidden = value !== rule[1];
    });
  }
  document.querySelectorAll('form').forEach(function (form) {
    if (form.querySelector('[data-show-when]')) {
      applyShowWhen(form);
      form.addEventListener('change', function () { applyShowWhen(form); });
    }
  });

  // The order form's live price: the server computes it (same rule as the order), the page only shows it.
  var order = document.querySelector('[data-live-price]');
  if (order) {
    var timer = null;
    var url = order.getAttribute('data-live-price');
    var asked = 0;
    var refresh = function () {
      var mine = ++asked;
      var query = new URLSearchParams();
      order.querySelectorAll('[name="period"], [name^="addons["]').forEach(function (input) {
        if (input.value !== '') { query.append(input.name, input.value); }
      });
      fetch(url + '?' + query.toString(), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          // the login page instead of a price: the session expired, and the price shown is no longer the server's
          if (response.redirected || (response.headers.get('Content-Type') || '').indexOf('json') < 0) {
            unavailable(true);
            return null;
          }
          return response.ok ? response.json() : null;
        })
        // only the answer to the latest question: a slower earlier one would show the price of other values
        .then(function (price) { if (price && mine === asked) { unavailable(false); showPrice(price); } })
        .catch(function () { unavailable(true); });
    };
    var unavailable = function (yes) {
      document.getElementById('price-unavailable').hidden = !yes;
      if (yes) { document.getElementById('price-amount').textContent = '–'; }
    };
    var showPrice = function (price) {
      document.getElementById('price-amount').textContent = price.amount == null ? '–' : price.amount;
      // the order is placed only at the price shown (the server compares): a price changed since comes back
      document.getElementById('shown-amount').value = price.amount == null ? '' : price.amount;
      document.getElementById('price-balance').textContent = price.balance;
      var shortBox = document.getElementById('price-short');
      shortBox.hidden = price.shortBy == null;
      if (price.shortBy != null) {
        document.getElementById('price-short-by').textContent = price.shortBy;
        document.getElementById('pay-before').textContent = price.payBefore.substring(0, 16).replace('T', ' ') + ' UTC';
      }
      order.querySelectorAll('[data-errors-for]').forEach(function (box) {
        var field = box.getAttribute('data-errors-for');
        if (field !== 'period' && field.indexOf('addons.') !== 0) { return; }
        var messages = (price.errors && price.errors[field]) || [];
        box.innerHTML = '';
        messages.forEach(function (message) {
          var p = document.createElement('p');
          p.className = 'field-error';
          p.textContent = message;
          box.appendChild(p);
        });
        var input = order.querySelector('[name="' + (field === 'period' ? 'period' : 'addons[' + field.substring(7) + ']') + '"]');
        if (input) { input.classList.toggle('invalid', messages.length > 0); }
      });
    };
    order.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(refresh, 150); });
    order.addEventListener('change', function () { clearTimeout(timer); timer = setTimeout(refresh, 50); });
  }
})();
