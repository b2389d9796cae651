// The ops dashboard: a static page that shows nothing until a token is given, then reads everything from /ops.
// Data from the API reaches the DOM only as text (textContent, attribute values), never as markup: payloads and
// error messages come from marketplaces and from whoever sent us the webhook.
'use strict';

(function () {
  // sessionStorage: the token lives as long as this tab and is never shared with other tabs or written to disk
  const TOKEN_KEY = 'channelhub.opsToken';
  const REFRESH_MS = 5000;
  const LIST_SIZE = 50;
  const ROLE_DENIED = 'Your role cannot do this.';

  const state = {
    who: null,
    timer: null,
    refreshing: false,
    refreshAgain: false,
    connectorIds: [],
    pending: new Set(), // actions under way, so a refresh does not offer the same button again meanwhile
    detail: null, // the dead letter open in the detail panel: {id, original: the payload shown, editable}
    filterTimer: null,
    flashTimer: null,
  };

  const $ = (id) => document.getElementById(id);

  // el('td', {class: 'x'}, 'text', child): strings become text nodes
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'onclick') node.addEventListener('click', value);
      else if (key === 'class') node.className = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => append(node, c));
    else node.append(child instanceof Node ? child : String(child));
  }

  function replaceRows(tbodyId, rows, columns, emptyText) {
    const body = $(tbodyId);
    body.replaceChildren(...rows);
    if (rows.length === 0) body.append(el('tr', { class: 'empty' }, el('td', { colspan: columns }, emptyText)));
  }

  // ---- talking to the hub ----

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      logOut('Log in to continue.');
      throw new ApiError(401, 'not logged in');
    }
    const init = { method, cache: 'no-store', headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'The hub did not answer (' + e.message + ').');
    }
    const json = await readJson(response);
    if (response.status === 401) {
      logOut('The hub no longer accepts this token: log in again.');
      throw new ApiError(401, 'token refused');
    }
    if (response.status === 403) throw new ApiError(403, ROLE_DENIED);
    if (!response.ok) throw new ApiError(response.status, 'HTTP ' + response.status + ': ' + errorText(json, response));
    return json;
  }

  async function readJson(response) {
    const text = await response.text();
    try {
      return text ? JSON.parse(text) : null;
    } catch (notJson) {
      return null;
    }
  }

  function errorText(json, response) {
    if (json && typeof json === 'object') {
      return json.detail || json.message || json.error || response.statusText;
    }
    return response.statusText || 'failed';
  }

  // ---- log in / log out ----

  async function logIn(token) {
    showLoginError(null);
    let response;
    try {
      // checked before it is kept: a mistyped token never lands in storage
      response = await fetch('/ops/whoami', { cache: 'no-store', headers: { Authorization: 'Bearer ' + token } });
    } catch (e) {
      showLoginError('The hub did not answer (' + e.message + ').');
      return;
    }
    const json = await readJson(response);
    if (response.status === 401) {
      showLoginError('That token was not accepted.');
    } else if (response.status === 429) {
      showLoginError('Too many failed attempts: wait a minute and try again.');
    } else if (!response.ok || !json) {
      showLoginError('Could not check the token: HTTP ' + response.status + ' ' + errorText(json, response) + '.');
    } else {
      sessionStorage.setItem(TOKEN_KEY, token);
      start(json);
    }
  }

  function showLoginError(message) {
    const p = $('login-error');
    p.textContent = message || '';
    p.hidden = !message;
  }

  function start(who) {
    state.who = who;
    const operator = who.role === 'operator';
    document.body.classList.toggle('role-operator', operator);
    document.body.classList.toggle('role-viewer', !operator);
    $('who').textContent = (who.name || '?') + ' · ' + (who.role || '?');
    $('token').value = '';
    $('login').hidden = true;
    $('session').hidden = false;
    $('dashboard').hidden = false;
    $('detail-payload').readOnly = !operator;
    refresh();
    clearInterval(state.timer);
    state.timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, REFRESH_MS);
  }

  function logOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearInterval(state.timer);
    state.timer = null;
    state.who = null;
    state.detail = null;
    state.pending.clear();
    // what was shown came with the token and goes with it
    for (const id of ['connector-rows', 'dead-letter-summary-rows', 'dead-letter-rows', 'replay-matching-slot',
      'replay-job-rows', 'oversold-rows', 'audit-rows', 'detail-facts', 'detail-headers', 'detail-history']) {
      $(id).replaceChildren();
    }
    $('detail-payload').value = '';
    $('detail-error').textContent = '';
    $('detail-payload-base64').textContent = '';
    $('detail-original-payload').textContent = '';
    $('dead-letter-detail').hidden = true;
    $('replay-jobs').hidden = true;
    $('dashboard').hidden = true;
    $('session').hidden = true;
    $('who').textContent = '';
    $('login').hidden = false;
    document.body.classList.remove('role-operator', 'role-viewer');
    showLoginError(message);
    $('token').focus();
  }

  function isOperator() {
    return state.who !== null && state.who.role === 'operator';
  }

  // ---- refresh ----

  async function refresh() {
    if (!state.who) return;
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    state.refreshing = true;
    try {
      await Promise.all([
        section('connectors', loadConnectors),
        section('dead-letter-summary', loadSummary),
        section('dead-letter-list', loadDeadLetters),
        section('replay-jobs', loadReplayJobs),
        section('oversold', loadOversold),
        section('audit', loadAudit),
        state.detail ? section('dead-letter-detail', () => loadDetail(state.detail.id, false)) : null,
      ]);
      if (state.who) $('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
    } finally {
      state.refreshing = false;
    }
    if (state.refreshAgain) {
      state.refreshAgain = false;
      refresh();
    }
  }

  // one failing panel (an endpoint this hub lacks, a 500) says so in place and leaves the others working
  async function section(id, load) {
    const error = $(id).querySelector('.section-error');
    try {
      await load();
      error.hidden = true;
    } catch (e) {
      if (e.status === 401) return;
      error.textContent = e.status === 404 ? 'Not available on this hub (404).' : e.message;
      error.hidden = false;
    }
  }

  // ---- connectors ----

  async function loadConnectors() {
    const connectors = await api('GET', '/ops/connectors');
    setConnectorChoices(connectors.map((c) => c.id));
    replaceRows('connector-rows', connectors.map(connectorRow), 9, 'No connectors configured.');
  }

  function connectorRow(c) {
    const rec = c.lastReconciliation;
    const breaker = c.breakerState || null;
    return el('tr', { 'data-testid': 'connector-row', 'data-id': c.id },
      el('td', {}, el('strong', {}, c.id), ' ', el('span', { class: 'muted' }, c.type)),
      el('td', { class: c.processingPaused ? 'warn' : 'ok', 'data-testid': 'connector-processing' },
        processingText(c), c.processingPaused ? switchedBy(c) : null),
      el('td', { class: !c.pushesStock ? 'muted' : c.stockPushesDisabled ? 'warn' : 'ok', 'data-testid': 'connector-stock' },
        !c.pushesStock ? 'none' : c.stockPushesDisabled ? 'disabled' : 'on',
        c.stockPushesDisabled && !c.processingPaused ? switchedBy(c) : null),
      el('td', {}, when(c.lastWebhookAt)),
      el('td', {}, when(c.lastAppliedAt)),
      el('td', { class: rec && rec.outcome !== 'SUCCEEDED' ? 'bad' : '' }, rec
        ? [when(rec.finishedAt), ' ', rec.outcome || '', rec.drift != null ? ', drift ' + rec.drift : '']
        : el('span', { class: 'muted' }, c.reconciles ? 'never' : 'none')),
      el('td', { class: breaker === 'OPEN' ? 'bad' : breaker === 'HALF_OPEN' ? 'warn' : '' }, breaker || '—'),
      el('td', { class: 'number', 'data-testid': 'connector-queue-depth' }, c.queueDepth != null ? c.queueDepth : '—'),
      el('td', { class: 'operator-only actions' }, isOperator() ? connectorActions(c) : null));
  }

  // the switch is stored at once; this instance's route follows within moments, and the page says so meanwhile
  function processingText(c) {
    if (c.processingPaused) return c.processingRoute && c.processingRoute !== 'Stopped' ? 'pausing…' : 'paused';
    return c.processingRoute && c.processingRoute !== 'Started' ? 'resuming…' : 'running';
  }

  // one reason is kept for both switches: shown once, with who set it and when
  function switchedBy(c) {
    if (!c.reason && !c.updatedBy) return null;
    return el('div', { class: 'reason small' }, c.reason ? '“' + c.reason + '”' : '',
      c.updatedBy ? ' ' + c.updatedBy : '', c.updatedAt ? [', ', when(c.updatedAt)] : null);
  }

  function connectorActions(c) {
    const path = '/ops/connectors/' + encodeURIComponent(c.id);
    return [
      actionButton('processing:' + c.id, c.processingPaused
        ? { label: 'Resume', testId: 'connector-resume', path: path + '/resume', done: c.id + ': processing resumed.' }
        : {
          label: 'Pause…', testId: 'connector-pause', path: path + '/pause', done: c.id + ': processing paused.',
          question: 'Pause processing of ' + c.id + '? Its webhooks are still accepted and queued. Reason:',
        }),
      !c.pushesStock ? null : actionButton('stock:' + c.id, c.stockPushesDisabled
        ? {
          label: 'Enable stock pushes', testId: 'connector-stock-enable', path: path + '/stock-pushes/enable',
          done: c.id + ': stock pushes enabled.',
        }
        : {
          label: 'Disable stock pushes…', testId: 'connector-stock-disable', path: path + '/stock-pushes/disable',
          done: c.id + ': stock pushes disabled.', question: 'Stop pushing stock to ' + c.id + '? Reason:',
        }),
      !c.reconciles ? null : button('Reconcile now', 'connector-reconcile', 'reconcile:' + c.id,
        () => act('reconcile:' + c.id, 'POST', path + '/reconcile', undefined, (run) => c.id + ': reconciliation '
          + (run && run.outcome ? run.outcome.toLowerCase() : 'done')
          + (run && run.drift != null ? ', drift ' + run.drift : '') + '.')),
    ];
  }

  // a POST action; one with a question first asks for the reason (the audit log keeps it) and sends it
  function actionButton(key, action) {
    return button(action.label, action.testId, key, async () => {
      let body;
      if (action.question) {
        const reason = await askReason(action.question);
        if (!reason) return;
        body = { reason };
      }
      await act(key, 'POST', action.path, body, () => action.done);
    });
  }

  // pendingKey names the action a button starts; while it runs, every button for it is disabled
  function button(label, testId, pendingKey, onClick, extra) {
    return el('button', Object.assign({
      type: 'button', 'data-testid': testId, 'data-pending': pendingKey,
      disabled: pendingKey !== null && state.pending.has(pendingKey), onclick: onClick,
    }, extra), label);
  }

  // runs one action, says how it went, refreshes what it changed, and tells whether it succeeded
  async function act(key, method, path, body, describe) {
    state.pending.add(key);
    document.querySelectorAll('button[data-pending="' + CSS.escape(key) + '"]').forEach((b) => { b.disabled = true; });
    let done = false;
    try {
      const result = await api(method, path, body);
      flash(describe(result));
      done = true;
    } catch (e) {
      if (e.status !== 401) flash(e.message, true);
    } finally {
      state.pending.delete(key);
    }
    // the refresh draws the buttons again, enabled as the new state allows
    await refresh();
    return done;
  }

  // ---- dead letters ----

  async function loadSummary() {
    const rows = await api('GET', '/ops/dead-letters/summary');
    replaceRows('dead-letter-summary-rows', rows.map((r) => el('tr', { 'data-testid': 'summary-row' },
      el('td', {}, r.connectorId),
      el('td', { title: r.errorClass }, shortClass(r.errorClass)),
      el('td', {}, r.status),
      el('td', { class: 'number' }, el('button', {
        type: 'button', class: 'link', title: 'show these in the list',
        onclick: () => showInList(r.connectorId, r.errorClass, r.status),
      }, r.count)))), 4, 'No dead letters.');
  }

  function showInList(connectorId, errorClass, status) {
    setConnectorChoices(state.connectorIds.concat([connectorId]));
    $('filter-connector').value = connectorId || '';
    $('filter-error-class').value = errorClass || '';
    $('filter-status').value = status || '';
    $('filter-q').value = '';
    $('filter-from').value = '';
    $('filter-to').value = '';
    section('dead-letter-list', loadDeadLetters);
  }

  // the list's filters as the API names them, empty ones left out (the list and a bulk replay take the same)
  function currentFilter() {
    const filter = {
      status: $('filter-status').value,
      connector: $('filter-connector').value,
      errorClass: $('filter-error-class').value.trim(),
      q: $('filter-q').value.trim(),
      from: instant($('filter-from').value),
      to: instant($('filter-to').value),
    };
    for (const key of Object.keys(filter)) if (!filter[key]) delete filter[key];
    return filter;
  }

  // a datetime-local value is the viewer's local time; the API takes an instant
  function instant(local) {
    if (!local) return '';
    const at = new Date(local);
    return isNaN(at.getTime()) ? '' : at.toISOString();
  }

  async function loadDeadLetters() {
    const filter = currentFilter();
    const page = await api('GET', '/ops/dead-letters?' + new URLSearchParams(
      Object.assign({ page: '0', size: String(LIST_SIZE) }, filter)));
    $('dead-letter-list-title').textContent = filter.status === 'NEW' ? 'Open' : filter.status || 'All';
    const matches = page.total + (page.total === 1 ? ' match' : ' matches');
    $('dead-letter-total').textContent = page.total > page.items.length
      ? matches + ', newest ' + page.items.length + ' shown' : matches;
    $('replay-matching-slot').replaceChildren(...[replayMatchingButton(page.total, filter)].filter(Boolean));
    replaceRows('dead-letter-rows', page.items.map(deadLetterRow), 8, 'None.');
  }

  // after fixing a cause that hit many letters: one job replays every match, at the hub's own pace
  function replayMatchingButton(total, filter) {
    if (!isOperator() || total < 2 || (filter.status !== 'NEW' && filter.status !== 'DISCARDED')) return null;
    return button('Replay all ' + total + '…', 'replay-matching', 'replay-job', async () => {
      const ok = await confirmAction('Replay all ' + total + ' dead letters matching ' + describeFilter(filter)
        + '? They are sent at a limited rate; the job\'s progress shows under the list.');
      if (ok) {
        await act('replay-job', 'POST', '/ops/dead-letters/replay-jobs', filter,
          (job) => 'Bulk replay ' + job.id + ' started: ' + job.total + ' dead letters.');
      }
    });
  }

  function describeFilter(filter) {
    const parts = Object.entries(filter || {}).filter(([, v]) => v).map(([k, v]) => k + '=' + v);
    return parts.length ? parts.join(', ') : 'any';
  }

  async function loadReplayJobs() {
    const jobs = (await api('GET', '/ops/dead-letters/replay-jobs')).slice(0, 5);
    $('replay-jobs').hidden = jobs.length === 0;
    replaceRows('replay-job-rows', jobs.map((j) => el('tr', { 'data-testid': 'replay-job-row', 'data-id': j.id },
      el('td', { class: 'number' }, j.id),
      el('td', {}, describeFilter(j.filter)),
      el('td', { class: j.status === 'FAILED' || j.status === 'INTERRUPTED' ? 'bad' : '' },
        j.status + (j.cancelRequested && j.status === 'RUNNING' ? ' (cancelling)' : ''),
        j.errorMessage ? el('div', { class: 'small' }, j.errorMessage) : null),
      el('td', {}, j.replayed + ' of ' + j.total + ' replayed' + (j.skipped ? ', ' + j.skipped + ' skipped' : '')
        + (j.failed ? ', ' + j.failed + ' not sent' : '')),
      el('td', {}, j.createdBy || '', ' ', when(j.createdAt)),
      el('td', { class: 'operator-only actions' }, isOperator() && j.status === 'RUNNING' && !j.cancelRequested
        ? button('Cancel', 'replay-job-cancel', 'job:' + j.id, () => act('job:' + j.id, 'POST',
          '/ops/dead-letters/replay-jobs/' + j.id + '/cancel', undefined, () => 'Bulk replay ' + j.id + ' cancelled.'))
        : null))), 6, '');
  }

  function deadLetterRow(d) {
    return el('tr', { 'data-testid': 'dead-letter-row', 'data-id': d.id, 'data-event-id': d.eventId },
      el('td', { class: 'number' }, d.id),
      el('td', {}, d.connectorId),
      el('td', {}, d.eventType || '', el('div', { class: 'muted small' }, d.eventId || '')),
      el('td', { title: d.errorClass + ': ' + (d.errorMessage || '') },
        el('strong', {}, shortClass(d.errorClass)), el('div', { class: 'small' }, clip(d.errorMessage, 160))),
      el('td', { class: 'number' }, d.attempts),
      el('td', {}, when(d.lastFailedAt)),
      el('td', { 'data-testid': 'dead-letter-status' }, d.status),
      el('td', { class: 'actions' },
        button(isOperator() ? 'View / edit' : 'View', 'dead-letter-view', null, () => openDetail(d.id)),
        isOperator() && canReplay(d.status)
          ? button('Replay', 'dead-letter-replay', 'letter:' + d.id, () => replay(d.id, undefined)) : null,
        isOperator() && canDiscard(d.status) ? button('Discard…', 'dead-letter-discard', 'letter:' + d.id, () => discard(d.id),
          { class: 'danger' }) : null));
  }

  function replay(id, payload) {
    // no body replays what is current (an earlier edit, else the bytes received); a payload is kept as the edit
    return act('letter:' + id, 'POST', '/ops/dead-letters/' + id + '/replay',
      payload === undefined ? undefined : { payload },
      (letter) => 'Dead letter ' + id + (payload === undefined ? '' : ' (edited)') + ' sent for replay'
        + (letter && letter.status ? ': ' + letter.status : '') + '.');
  }

  async function discard(id) {
    const reason = await askReason('Discard dead letter ' + id + '? It will not be replayed. Reason:');
    if (reason) {
      await act('letter:' + id, 'POST', '/ops/dead-letters/' + id + '/discard', { reason },
        () => 'Dead letter ' + id + ' discarded.');
    }
  }

  // ---- one dead letter ----

  async function openDetail(id) {
    state.detail = { id, original: '', editable: false };
    await section('dead-letter-detail', () => loadDetail(id, true));
    $('dead-letter-detail').hidden = false;
    $('dead-letter-detail').scrollIntoView({ block: 'start' });
  }

  async function loadDetail(id, fresh) {
    const d = await api('GET', '/ops/dead-letters/' + id);
    if (!state.detail || state.detail.id !== id) return; // closed or another opened meanwhile
    $('detail-id').textContent = String(d.id);
    $('detail-facts').replaceChildren(...fact('connector', d.connectorId), ...fact('event', d.eventId),
      ...fact('type', d.eventType), ...fact('status', d.status, 'detail-status'), ...fact('attempts', d.attempts),
      ...fact('first failed', when(d.firstFailedAt)), ...fact('last failed', when(d.lastFailedAt)),
      ...fact('source', d.sourceTopic ? d.sourceTopic + ' #' + d.sourcePartition + ' @' + d.sourceOffset : null),
      ...fact('key', d.recordKey));
    // the stack summary starts with the class and message already
    $('detail-error').textContent = d.errorStack || (d.errorClass || '') + '\n' + (d.errorMessage || '');
    showPayload(d, fresh);

    const busy = state.pending.has('letter:' + id);
    for (const b of ['detail-replay', 'detail-replay-edited', 'detail-save-edit', 'detail-discard']) $(b).dataset.pending = 'letter:' + id;
    $('detail-replay').disabled = !canReplay(d.status) || busy;
    $('detail-discard').disabled = !canDiscard(d.status) || busy;
    updateEditedButton();

    const headers = Object.entries(d.headers || {}).sort(([a], [b]) => a.localeCompare(b));
    replaceRows('detail-headers', headers.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))), 2, 'No headers.');
    replaceRows('detail-history', (d.history || []).map((h) => el('tr', { 'data-testid': 'history-row' },
      el('td', {}, when(h.at)), el('td', {}, h.action), el('td', {}, h.actor || ''),
      el('td', {}, [h.attempts != null ? 'attempt ' + h.attempts : null, h.errorClass ? shortClass(h.errorClass) : null,
        h.detail].filter(Boolean).join(' · ')))), 4, 'No actions yet.');
  }

  // The textarea holds what a replay would send: an earlier edit if there is one, else the bytes received.
  function showPayload(d, fresh) {
    const edited = d.editedPayloadBase64 != null;
    const text = edited ? d.editedPayload : d.payload;
    const binary = text === null || text === undefined;
    const textarea = $('detail-payload');
    // a refresh must not throw away what someone is typing
    if (fresh || textarea.value === state.detail.original) {
      state.detail.original = binary ? '' : text;
      textarea.value = state.detail.original;
    }
    $('detail-payload-base64').hidden = !binary;
    $('detail-payload-base64').textContent = binary ? (edited ? d.editedPayloadBase64 : d.payloadBase64) || '' : '';
    $('detail-original').hidden = !edited;
    $('detail-original-payload').textContent = edited ? (d.payload !== null ? d.payload : 'base64: ' + d.payloadBase64) : '';
    state.detail.editable = d.editable !== false && d.status !== 'RESOLVED';
    textarea.readOnly = !isOperator() || !state.detail.editable;

    const notes = [];
    if (d.editable === false) {
      notes.push('A ' + (d.eventType || '') + ' dead letter is replayed with what is current, not a payload: nothing to edit.');
    } else if (edited) {
      notes.push('This payload was edited (see the history); "Replay" sends the edit. The bytes received are kept below.');
    }
    if (binary) notes.push('It is not UTF-8 text, so it is shown as base64; text typed below replaces it.');
    if (!edited && d.editable !== false && isOperator()) {
      notes.push('Fix it here and "Replay with these changes"; the payload as received is kept.');
    }
    $('detail-payload-note').textContent = notes.join(' ');
  }

  // as the API allows: anything not yet applied can be sent again (a discarded letter too); only open ones discarded
  function canReplay(status) {
    return status !== 'RESOLVED';
  }

  function canDiscard(status) {
    return status === 'NEW' || status === 'REPLAYING';
  }

  function fact(name, value, testId) {
    if (value === null || value === undefined || value === '') return [];
    return [el('dt', {}, name), el('dd', testId ? { 'data-testid': testId } : {}, value)];
  }

  function updateEditedButton() {
    const changed = state.detail !== null && state.detail.editable && $('detail-payload').value !== state.detail.original;
    $('detail-replay-edited').disabled = !changed || $('detail-replay').disabled;
    $('detail-save-edit').disabled = !changed;
  }

  function closeDetail() {
    state.detail = null;
    $('dead-letter-detail').hidden = true;
  }

  // ---- oversold, audit ----

  async function loadOversold() {
    const lines = await api('GET', '/ops/inventory/oversold');
    replaceRows('oversold-rows', lines.map((l) => el('tr', { 'data-testid': 'oversold-row' },
      el('td', {}, l.connectorId), el('td', {}, l.orderId), el('td', {}, l.sku),
      el('td', { class: 'number' }, l.quantity), el('td', { class: 'number' }, l.held),
      el('td', { class: 'number bad' }, l.shortfall), el('td', {}, l.state), el('td', {}, when(l.detectedAt)))),
    8, 'Nothing oversold.');
  }

  async function loadAudit() {
    const page = await api('GET', '/ops/audit?size=20');
    $('audit-total').textContent = page.total > page.items.length ? '(newest ' + page.items.length + ' of ' + page.total + ')' : '';
    replaceRows('audit-rows', page.items.map((a) => el('tr', { 'data-testid': 'audit-row' },
      el('td', {}, when(a.at)), el('td', {}, a.actor, a.role ? el('span', { class: 'muted' }, ' ' + a.role) : null),
      el('td', {}, a.action), el('td', {}, (a.targetType || '') + (a.targetId ? ':' + a.targetId : '')),
      el('td', {}, a.detail || ''))), 5, 'No actions yet.');
  }

  // ---- small things ----

  function setConnectorChoices(ids) {
    const unique = [...new Set(ids.filter(Boolean))].sort();
    if (unique.join('\n') === state.connectorIds.join('\n')) return;
    state.connectorIds = unique;
    const select = $('filter-connector');
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'any'), ...unique.map((id) => el('option', { value: id }, id)));
    select.value = unique.includes(chosen) ? chosen : '';
  }

  // a <time> showing how long ago, with the exact moment on hover
  function when(value) {
    if (value === null || value === undefined || value === '') return el('span', { class: 'muted' }, '—');
    const at = new Date(value);
    if (isNaN(at.getTime())) return String(value);
    const seconds = Math.round((Date.now() - at.getTime()) / 1000);
    let text;
    if (seconds < 60) text = Math.max(seconds, 0) + ' s ago';
    else if (seconds < 3600) text = Math.floor(seconds / 60) + ' min ago';
    else if (seconds < 86400) text = Math.floor(seconds / 3600) + ' h ago';
    else text = at.toLocaleString();
    return el('time', { datetime: at.toISOString(), title: at.toLocaleString() + ' (' + at.toISOString() + ')' }, text);
  }

  function shortClass(name) {
    return name ? name.substring(name.lastIndexOf('.') + 1) : '';
  }

  function clip(text, length) {
    return text && text.length > length ? text.substring(0, length - 1) + '…' : text || '';
  }

  function flash(message, error) {
    const p = $('flash');
    p.textContent = message;
    p.className = error ? 'error' : 'ok';
    p.hidden = false;
    clearTimeout(state.flashTimer);
    state.flashTimer = setTimeout(() => { p.hidden = true; }, error ? 15000 : 8000);
  }

  // resolves with the reason typed, or null when cancelled
  function askReason(question) {
    return ask(question, true);
  }

  // resolves with true when confirmed, null when cancelled
  function confirmAction(question) {
    return ask(question, false);
  }

  // one modal for both: the input is there only when a reason is wanted (the audit log keeps it)
  function ask(question, wantReason) {
    const dialog = $('reason-dialog');
    const input = $('reason-input');
    return new Promise((resolve) => {
      const finish = (value) => {
        $('reason-form').onsubmit = null;
        $('reason-cancel').onclick = null;
        dialog.oncancel = null;
        if (dialog.open) dialog.close();
        resolve(value);
      };
      $('reason-question').textContent = question;
      input.value = '';
      input.hidden = !wantReason;
      input.required = wantReason;
      $('reason-form').onsubmit = (event) => {
        event.preventDefault();
        if (!wantReason) finish(true);
        else if (input.value.trim()) finish(input.value.trim());
      };
      $('reason-cancel').onclick = () => finish(null);
      dialog.oncancel = () => finish(null);
      dialog.showModal();
      (wantReason ? input : $('reason-ok')).focus();
    });
  }

  // ---- wiring ----

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('token').value.trim();
      if (token) logIn(token);
    });
    $('logout').addEventListener('click', () => logOut(null));
    $('dead-letter-filters').addEventListener('submit', (event) => event.preventDefault());
    for (const id of ['filter-connector', 'filter-status', 'filter-from', 'filter-to']) {
      $(id).addEventListener('change', () => section('dead-letter-list', loadDeadLetters));
    }
    for (const id of ['filter-error-class', 'filter-q']) {
      $(id).addEventListener('input', () => {
        clearTimeout(state.filterTimer);
        state.filterTimer = setTimeout(() => section('dead-letter-list', loadDeadLetters), 400);
      });
    }
    $('detail-payload').addEventListener('input', updateEditedButton);
    $('detail-replay').addEventListener('click', () => replay(state.detail.id, undefined));
    $('detail-replay-edited').addEventListener('click', async () => {
      const id = state.detail.id;
      // once sent, the edit is the letter's payload: show it as such (a failed send keeps the typing)
      if (await replay(id, $('detail-payload').value) && state.detail && state.detail.id === id) {
        await section('dead-letter-detail', () => loadDetail(id, true));
      }
    });
    $('detail-save-edit').addEventListener('click', async () => {
      const id = state.detail.id;
      // kept for a later replay (e.g. after the connector is fixed); the bytes received stay as they were
      if (await act('letter:' + id, 'PUT', '/ops/dead-letters/' + id + '/payload', { payload: $('detail-payload').value },
        () => 'Dead letter ' + id + ': changes saved; a replay sends them.') && state.detail && state.detail.id === id) {
        await section('dead-letter-detail', () => loadDetail(id, true));
      }
    });
    $('detail-discard').addEventListener('click', () => discard(state.detail.id));
    $('detail-close').addEventListener('click', closeDetail);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) refresh();
    });

    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      // a reload in the same tab: check the kept token again and learn the role
      api('GET', '/ops/whoami').then(start, (e) => {
        if (e.status !== 401) showLoginError('Could not check the token: ' + e.message);
      });
    } else {
      $('token').focus();
    }
  });
}());
