// The rule builder: a rule as form fields (no code), kept in the JSON form core/rules reads.
// Conditions: a top-level "all"/"any" over comparisons and groups of comparisons. Anything deeper is
// edited as JSON in the same page.
(function () {
  'use strict';

  const catalog = JSON.parse(document.getElementById('catalog').textContent);
  const operators = JSON.parse(document.getElementById('operators').textContent);
  const form = document.getElementById('rule-form');
  const hidden = document.getElementById('rule-json');
  const builder = document.getElementById('builder');
  const isNew = builder.dataset.new === 'true';
  const rule = JSON.parse(hidden.value);
  const features = catalog.filter(f => !f.name.startsWith('event.'));
  const types = Object.fromEntries(catalog.map(f => [f.name, f]));

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === 'text') node.textContent = value;
      else if (key === 'value') node.value = value;
      else node.setAttribute(key, value);
    });
    (children || []).forEach(child => node.appendChild(child));
    return node;
  }

  function field(label, input) {
    return el('label', {}, [document.createTextNode(label + ' '), input]);
  }

  function select(cls, options, selected) {
    const node = el('select', { class: cls, 'aria-label': cls });
    options.forEach(([value, text]) => {
      const option = el('option', { value: value, text: text });
      if (String(value) === String(selected)) option.selected = true;
      node.appendChild(option);
    });
    return node;
  }

  // ---- the rule's own fields
  const id = el('input', { id: 'rule-id', type: 'text', value: rule.id || '', pattern: '[a-z0-9][a-z0-9-]*', required: '' });
  if (!isNew) id.readOnly = true;
  const name = el('input', { id: 'rule-name', type: 'text', value: rule.name || '', required: '' });
  const description = el('input', { id: 'rule-description', type: 'text', value: rule.description || '' });
  const priority = el('input', { id: 'rule-priority', type: 'number', value: rule.priority == null ? 50 : rule.priority });
  const tags = el('input', { id: 'rule-tags', type: 'text', value: (rule.tags || []).join(', ') });
  const enabled = el('input', { id: 'rule-enabled', type: 'checkbox' });
  enabled.checked = rule.enabled !== false;

  // ---- the condition
  function comparisonRow(cmp) {
    const row = el('div', { class: 'comparison' });
    const feature = select('feature', features.map(f => [f.name, f.name]), cmp.feature || 'device_type');
    const op = select('op', operators.map(o => [o.name, o.words]), cmp.op || 'eq');
    const value = el('input', { class: 'value', type: 'text', 'aria-label': 'value',
      value: Array.isArray(cmp.value) ? cmp.value.join(', ') : (cmp.value == null ? '' : String(cmp.value)) });
    const values = el('datalist', { id: 'values-' + Math.random().toString(36).slice(2) });
    value.setAttribute('list', values.id);
    function fillValues() {
      values.replaceChildren(...((types[feature.value] || {}).values || []).map(v => el('option', { value: v })));
    }
    fillValues();
    feature.addEventListener('change', fillValues);
    const remove = el('button', { type: 'button', class: 'remove', text: 'Remove', title: 'Remove this condition' });
    remove.addEventListener('click', () => { row.remove(); changed(); });
    row.append(feature, op, value, values, remove);
    return row;
  }

  function group(combinator, comparisons) {
    const box = el('div', { class: 'group' });
    const which = select('group-combinator', [['all', 'all of'], ['any', 'any of']], combinator);
    const rows = el('div', { class: 'rows' });
    comparisons.forEach(cmp => rows.appendChild(comparisonRow(cmp)));
    const add = el('button', { type: 'button', class: 'add-to-group', text: 'Add condition to group' });
    add.addEventListener('click', () => { rows.appendChild(comparisonRow({})); changed(); });
    const remove = el('button', { type: 'button', class: 'remove-group', text: 'Remove group' });
    remove.addEventListener('click', () => { box.remove(); changed(); });
    box.append(el('div', { class: 'group-head' }, [document.createTextNode('A group: '), which, add, remove]), rows);
    return box;
  }

  const when = rule.when || { all: [] };
  const topKey = Object.keys(when)[0];
  const isComparison = c => c && typeof c.feature === 'string';
  const isFlatGroup = c => c && (Array.isArray(c.all) || Array.isArray(c.any)) && (c.all || c.any).every(isComparison);
  const representable = (topKey === 'all' || topKey === 'any') && when[topKey].every(c => isComparison(c) || isFlatGroup(c));

  const combinator = select('combinator', [['all', 'all of these hold'], ['any', 'any of these holds']],
    representable ? topKey : 'all');
  combinator.id = 'combinator';
  const conditions = el('div', { id: 'conditions' });
  const addCondition = el('button', { type: 'button', id: 'add-condition', text: 'Add condition' });
  const addGroup = el('button', { type: 'button', id: 'add-group', text: 'Add group (and/or)' });
  const conditionJson = el('textarea', { id: 'condition-json', rows: '6', 'aria-label': 'Condition as JSON' });
  if (representable) {
    when[topKey].forEach(c => conditions.appendChild(isComparison(c)
      ? comparisonRow(c) : group(c.all ? 'all' : 'any', c.all || c.any)));
  } else {
    conditionJson.value = JSON.stringify(when, null, 2);
  }
  addCondition.addEventListener('click', () => { conditions.appendChild(comparisonRow({})); changed(); });
  addGroup.addEventListener('click', () => { conditions.appendChild(group('any', [{}])); changed(); });

  // ---- the actions
  const then = rule.then || [];
  const find = kind => then.filter(a => Object.prototype.hasOwnProperty.call(a, kind)).map(a => a[kind]);
  const layout = select('layout', [['', 'unchanged'], ['standard', 'standard'], ['compact', 'compact']], find('setLayout')[0] || '');
  layout.id = 'layout';
  const density = select('density', [['', 'unchanged'], ['high', 'high'], ['medium', 'medium'], ['low', 'low']],
    find('setDensity')[0] || '');
  density.id = 'density';
  const enable = el('input', { id: 'enable-features', type: 'text', value: find('enableFeature').join(', ') });
  const disable = el('input', { id: 'disable-features', type: 'text', value: find('disableFeature').join(', ') });
  const hint = find('showHint')[0] || {};
  const hintId = el('input', { id: 'hint-id', type: 'text', value: hint.id || '' });
  const hintText = el('input', { id: 'hint-text', type: 'text', value: hint.text || '' });
  const checklist = el('input', { id: 'checklist', type: 'text', value: (find('reorderChecklist')[0] || []).join(', ') });

  builder.replaceChildren(
    el('fieldset', {}, [el('legend', { text: 'Rule' }), field('Id', id), field('Name', name), field('Description', description),
      field('Priority (higher wins)', priority), field('Tags', tags), field('Enabled', enabled)]),
    el('fieldset', {}, [el('legend', { text: 'When' }), representable ? combinator : document.createTextNode(''),
      representable ? conditions : conditionJson, representable ? el('div', {}, [addCondition, addGroup]) : document.createTextNode('')]),
    el('fieldset', {}, [el('legend', { text: 'Then' }), field('Layout', layout), field('Content density', density),
      field('Turn on features', enable), field('Turn off features', disable), field('Hint id', hintId), field('Hint text', hintText),
      field('Checklist order', checklist)]));

  // ---- from the fields back to the rule
  const list = text => text.split(',').map(s => s.trim()).filter(Boolean);

  function typed(featureName, raw) {
    const number = (types[featureName] || {}).type === 'NUMBER';
    const value = raw.trim();
    return number && value !== '' && !isNaN(Number(value)) ? Number(value) : value;
  }

  function comparison(row) {
    const feature = row.querySelector('.feature').value;
    const op = row.querySelector('.op').value;
    const raw = row.querySelector('.value').value;
    let value;
    if (op === 'in' || op === 'not_in' || op === 'between') value = list(raw).map(v => typed(feature, v));
    else if (op === 'exists') value = raw.trim() !== 'false';
    else value = typed(feature, raw);
    return { feature: feature, op: op, value: value };
  }

  function build() {
    let condition;
    if (representable) {
      condition = { [combinator.value]: Array.from(conditions.children).map(item => item.classList.contains('group')
        ? { [item.querySelector('.group-combinator').value]: Array.from(item.querySelectorAll('.comparison')).map(comparison) }
        : comparison(item)) };
    } else {
      try { condition = JSON.parse(conditionJson.value); } catch (e) { condition = conditionJson.value; }
    }
    const actions = [];
    if (layout.value) actions.push({ setLayout: layout.value });
    if (density.value) actions.push({ setDensity: density.value });
    list(enable.value).forEach(f => actions.push({ enableFeature: f }));
    list(disable.value).forEach(f => actions.push({ disableFeature: f }));
    if (hintId.value.trim() || hintText.value.trim()) actions.push({ showHint: { id: hintId.value.trim(), text: hintText.value.trim() } });
    if (list(checklist.value).length) actions.push({ reorderChecklist: list(checklist.value) });
    const result = Object.assign({}, rule, {
      id: id.value.trim(), name: name.value.trim(), description: description.value.trim(),
      priority: Number(priority.value || 0), enabled: enabled.checked, tags: list(tags.value), when: condition, then: actions
    });
    return result;
  }

  // ---- the live preview: plain words and problems, from the server's own validation
  const csrf = form.querySelector('input[name="_csrf"]');
  const previewText = document.getElementById('preview-text');
  const previewProblems = document.getElementById('preview-problems');
  let timer = null;

  function changed() {
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  }

  function preview() {
    fetch(form.action.replace(/\/rules\/.*$/, '/rules/describe'), {
      method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json' }, csrf ? { 'X-CSRF-TOKEN': csrf.value } : {}),
      body: JSON.stringify(build())
    }).then(response => response.json()).then(result => {
      previewText.textContent = result.text;
      previewProblems.replaceChildren(...result.problems.map(p => el('li', { 'data-field': p.path, text: p.message })));
    }).catch(() => { /* the save shows the same problems */ });
  }

  builder.addEventListener('input', changed);
  builder.addEventListener('change', changed);
  form.addEventListener('submit', () => { hidden.value = JSON.stringify(build()); });
  preview();
}());
