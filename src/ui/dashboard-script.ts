/**
 * The dashboard's browser script: plain ES5-style JavaScript served inline (no build step). It reads the
 * journal from server-sent events and everything else from the control API, with the page's own cookie.
 */
export const DASHBOARD_SCRIPT = String.raw`
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('ui-config').textContent);
  var entries = new Map();
  var order = [];
  function el(id) { return document.getElementById(id); }
  function text(tag, value, cls) { var n = document.createElement(tag); n.textContent = value == null ? '' : String(value); if (cls) n.className = cls; return n; }
  function announce(message) { el('announce').textContent = message; }
  function api(path, init) {
    return fetch(path, Object.assign({ credentials: 'same-origin', headers: { 'content-type': 'application/json' } }, init || {})).then(function (res) {
      if (res.status === 401) { window.location.reload(); throw new Error('unauthorized'); }
      return res;
    });
  }

  // ---- journal ----
  var rows = el('journal-rows');
  var fKey = el('f-key'), fMethod = el('f-method'), fOutcome = el('f-outcome');
  function label(e) { return (e.service || '-') + (e.method ? '.' + e.method : ''); }
  function matches(e) {
    var k = fKey.value.trim(), m = fMethod.value.trim().toLowerCase(), o = fOutcome.value;
    if (k && e.accessKeyId !== k) return false;
    if (m && label(e).toLowerCase().indexOf(m) === -1) return false;
    if (o && e.outcome !== o) return false;
    return true;
  }
  function row(e) {
    var tr = document.createElement('tr');
    tr.dataset.id = String(e.id);
    tr.dataset.requestId = e.requestId;
    tr.appendChild(text('td', (e.time || '').slice(11, 23), 'mono'));
    tr.appendChild(text('td', e.accessKeyId || '-', 'mono'));
    tr.appendChild(text('td', label(e)));
    tr.appendChild(text('td', e.status + ' / ' + (e.code == null ? '-' : e.code), 'mono'));
    tr.appendChild(text('td', e.scenario, 'mono'));
    var oc = text('td', e.outcome, e.outcome === 'success' ? 'ok' : e.outcome === 'failure' ? 'warn' : 'bad');
    tr.appendChild(oc);
    var td = document.createElement('td');
    var b = text('button', 'Details', 'small secondary');
    b.type = 'button';
    b.setAttribute('aria-label', 'Details of request ' + e.requestId);
    b.addEventListener('click', function () { showDetail(e.id); });
    td.appendChild(b);
    tr.appendChild(td);
    return tr;
  }
  function renderJournal() {
    rows.textContent = '';
    var shown = 0;
    for (var i = 0; i < order.length && shown < 500; i++) {
      var e = entries.get(order[i]);
      if (e && matches(e)) { rows.appendChild(row(e)); shown++; }
    }
    el('journal-count').textContent = shown + ' shown of ' + order.length;
  }
  function addEntry(e) {
    if (entries.has(e.id)) return;
    entries.set(e.id, e);
    order.unshift(e.id);
    if (order.length > 2000) entries.delete(order.pop());
    if (matches(e)) rows.insertBefore(row(e), rows.firstChild);
    el('journal-count').textContent = rows.children.length + ' shown of ' + order.length;
    var keys = el('known-keys');
    if (e.accessKeyId && !keys.querySelector('option[value="' + CSS.escape(e.accessKeyId) + '"]')) {
      var opt = document.createElement('option'); opt.value = e.accessKeyId; keys.appendChild(opt);
    }
  }
  [fKey, fMethod, fOutcome].forEach(function (f) { f.addEventListener('input', renderJournal); });

  function connect() {
    var source = new EventSource('/__saf/ui/events');
    source.addEventListener('open', function () { el('live').textContent = 'live'; el('live').className = 'ok'; });
    source.addEventListener('error', function () { el('live').textContent = 'reconnecting…'; el('live').className = 'warn'; });
    source.addEventListener('request', function (ev) {
      var e = JSON.parse(ev.data);
      addEntry(e);
      if (e.method === 'init' || e.method === 'initH5' || /^(Init|Describe)/.test(e.action || '') || /InitFaceVerify/.test(e.params && e.params.Action || '')) scheduleSessions();
    });
    source.addEventListener('reset', function () { entries.clear(); order = []; renderJournal(); loadSessions(); });
  }

  // ---- request detail ----
  function dlRow(dl, term, value, cls) { dl.appendChild(text('dt', term)); dl.appendChild(text('dd', value, cls)); }
  function showDetail(id) {
    var e = entries.get(id);
    if (!e) return;
    var box = el('detail-body');
    box.textContent = '';
    el('detail-title').textContent = 'Request ' + e.requestId;
    var dl = document.createElement('dl');
    dl.className = 'kv';
    dlRow(dl, 'Time', e.time);
    dlRow(dl, 'AccessKeyId', e.accessKeyId || '-', 'mono');
    dlRow(dl, 'HTTP', e.httpMethod + (e.client ? ' · ' + e.client : ''));
    dlRow(dl, 'Action / Version', (e.action || '-') + ' / ' + (e.version || '-'));
    dlRow(dl, 'Service / method', label(e));
    dlRow(dl, 'Signature', e.scheme + (e.signatureVerified ? ' · verified' : ' · not verified'), e.signatureVerified ? 'ok' : 'bad');
    dlRow(dl, 'Decided by', e.scenario, 'mono');
    dlRow(dl, 'Status / Code', e.status + ' / ' + (e.code == null ? '-' : e.code), 'mono');
    dlRow(dl, 'Duration', e.durationMs + ' ms');
    if (e.retryAttempts) dlRow(dl, 'Retry attempt', e.retryAttempts);
    box.appendChild(dl);
    var hint = cfg.hints.find(function (h) { return h.code === String(e.code) && h.scheme === e.scheme; }) || cfg.hints.find(function (h) { return h.code === String(e.code) && !h.scheme; });
    if (e.stringToSign || e.canonicalRequest || hint) {
      var sig = document.createElement('div');
      sig.className = 'sig';
      if (hint) { sig.appendChild(text('h3', 'What usually causes ' + e.code)); sig.appendChild(text('p', hint.text, 'hint')); }
      if (e.canonicalRequest) { sig.appendChild(text('h3', "Server's canonical request")); sig.appendChild(text('pre', e.canonicalRequest, 'canonical-request')); }
      if (e.stringToSign) { sig.appendChild(text('h3', "Server's string-to-sign")); sig.appendChild(text('pre', e.stringToSign, 'string-to-sign')); }
      box.appendChild(sig);
    }
    box.appendChild(text('h3', 'Parameters (secrets and photos elided)'));
    box.appendChild(text('pre', JSON.stringify(e.params, null, 2), 'params'));
    box.appendChild(text('h3', 'Response body'));
    box.appendChild(text('pre', e.responseBody == null ? '(not recorded)' : e.responseBody, 'response-body'));
    el('detail').hidden = false;
    el('detail-title').focus();
  }
  el('detail-close').addEventListener('click', function () { el('detail').hidden = true; });

  // ---- sessions ----
  var sessionTimer = null;
  var lastSessions = '';
  function scheduleSessions() { clearTimeout(sessionTimer); sessionTimer = setTimeout(loadSessions, 150); }
  function outcomesFor(s) { return cfg.outcomes[s.product || 'face_verify'] || cfg.outcomes.face_verify; }
  function loadSessions() {
    return api('/__saf/sessions').then(function (r) { return r.json(); }).then(function (data) {
      // Re-render only on change, keeping open "Complete as …" menus open (a refresh must not pull a button away).
      var snapshot = JSON.stringify(data.sessions || []);
      if (snapshot === lastSessions) return;
      lastSessions = snapshot;
      var body = el('session-rows');
      var open = {};
      body.querySelectorAll('tr').forEach(function (tr) { var d = tr.querySelector('details'); if (d && d.open) open[tr.dataset.sessionId] = true; });
      body.textContent = '';
      (data.sessions || []).forEach(function (s) {
        var tr = document.createElement('tr');
        tr.dataset.sessionId = s.id;
        tr.appendChild(text('td', s.id, 'mono'));
        tr.appendChild(text('td', s.accessKeyId, 'mono'));
        tr.appendChild(text('td', s.flow + (s.queryMethod ? ' · ' + s.queryMethod : '')));
        tr.appendChild(text('td', s.status + (s.outcome && s.outcome !== s.status ? ' (' + s.outcome + ')' : ''), s.status === 'passed' ? 'ok' : s.status === 'failed' ? 'bad' : 'warn'));
        var page = document.createElement('td');
        if (s.pageUrl) { var a = text('a', 'Open page'); a.href = s.pageUrl; a.setAttribute('aria-label', 'Open the page of ' + s.id); page.appendChild(a); }
        tr.appendChild(page);
        var td = document.createElement('td');
        var det = document.createElement('details');
        det.open = !!open[s.id];
        det.appendChild(text('summary', 'Complete as …'));
        var group = document.createElement('div');
        group.className = 'complete-group';
        outcomesFor(s).forEach(function (o) {
          var b = text('button', o, 'small secondary');
          b.type = 'button';
          b.setAttribute('aria-label', 'Complete ' + s.id + ' as ' + o);
          b.addEventListener('click', function () {
            api('/__saf/sessions/' + encodeURIComponent(s.id) + '/complete', { method: 'POST', body: JSON.stringify({ outcome: o, accessKeyId: s.accessKeyId }) })
              .then(function (r) { return r.json().then(function (j) { announce(r.ok ? 'Completed ' + s.id + ' as ' + o : 'Not completed: ' + (j.error && j.error.message)); }); })
              .then(loadSessions);
          });
          group.appendChild(b);
        });
        det.appendChild(group);
        td.appendChild(det);
        tr.appendChild(td);
        body.appendChild(tr);
      });
      el('session-count').textContent = (data.sessions || []).length + ' session(s)';
    }).catch(function () {});
  }
  el('sessions-refresh').addEventListener('click', loadSessions);

  // ---- scenarios ----
  function copy(value, what) {
    var done = function () { announce('Copied ' + what); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(value).then(done, function () { announce('Copy failed: select the text instead'); });
    else { var t = document.createElement('textarea'); t.value = value; document.body.appendChild(t); t.select(); try { document.execCommand('copy'); done(); } catch (e) { announce('Copy failed'); } t.remove(); }
  }
  function loadScenarios() {
    return api('/__saf/scenarios').then(function (r) { return r.json(); }).then(function (data) {
      var body = el('scenario-rows');
      body.textContent = '';
      data.scenarios.forEach(function (s) {
        var tr = document.createElement('tr');
        tr.appendChild(text('td', s.id, 'mono'));
        tr.appendChild(text('td', s.service + ' · ' + s.methods.join(', ')));
        tr.appendChild(text('td', s.code, 'mono'));
        tr.appendChild(text('td', s.message));
        var header = 'x-saf-mock-scenario: ' + s.id;
        var td = document.createElement('td');
        td.appendChild(text('code', header));
        var b = text('button', 'Copy', 'small secondary');
        b.type = 'button';
        b.setAttribute('aria-label', 'Copy header for ' + s.id);
        b.addEventListener('click', function () { copy(header, header); });
        td.appendChild(document.createTextNode(' '));
        td.appendChild(b);
        tr.appendChild(td);
        body.appendChild(tr);
      });
      var magic = el('magic');
      magic.textContent = '';
      var mv = data.magicValues || {};
      var first = document.createElement('li');
      first.appendChild(document.createTextNode('name '));
      first.appendChild(text('code', mv.namePrefix + '<scenario id>'));
      first.appendChild(document.createTextNode(' (e.g. ' + mv.namePrefix + 'Z1146)'));
      magic.appendChild(first);
      (mv.certNumbers || []).forEach(function (m) {
        var li = document.createElement('li');
        li.appendChild(document.createTextNode('certNumber '));
        li.appendChild(text('code', m.certNumber));
        li.appendChild(document.createTextNode(' → ' + m.scenario));
        magic.appendChild(li);
      });
      el('faults').textContent = (data.faults || []).map(function (f) { return typeof f === 'string' ? f : f.id || JSON.stringify(f); }).join(', ');
    }).catch(function () {});
  }

  // ---- fixture rules ----
  function scopeQuery(scope) { return scope ? '?accessKeyId=' + encodeURIComponent(scope) : ''; }
  function apiRulesOf(scope) {
    return api('/__saf/fixtures' + scopeQuery(scope)).then(function (r) { return r.json(); }).then(function (d) {
      return d.rules.filter(function (r) { return r.source === 'api' && (r.scope || '') === scope; }).map(function (r) { return r.rule; });
    });
  }
  function putRules(scope, rules) {
    if (rules.length === 0) return api('/__saf/fixtures' + (scope ? scopeQuery(scope) : '?accessKeyId='), { method: 'DELETE' });
    return api('/__saf/fixtures' + scopeQuery(scope), { method: 'PUT', body: JSON.stringify({ rules: rules }) });
  }
  function loadFixtures() {
    return api('/__saf/fixtures').then(function (r) { return r.json(); }).then(function (d) {
      var body = el('fixture-rows');
      body.textContent = '';
      d.rules.forEach(function (r) {
        var tr = document.createElement('tr');
        tr.appendChild(text('td', r.id, 'mono'));
        tr.appendChild(text('td', r.source === 'api' ? 'api · ' + (r.scope || 'global') : r.source));
        tr.appendChild(text('td', JSON.stringify(r.rule.match || {}), 'mono'));
        tr.appendChild(text('td', r.rule.scenario || r.rule.fault || (r.rule.body ? 'body' : '') || (r.rule.delayMs ? r.rule.delayMs + ' ms' : ''), 'mono'));
        var td = document.createElement('td');
        if (r.source === 'api') {
          var b = text('button', 'Delete', 'small danger');
          b.type = 'button';
          b.setAttribute('aria-label', 'Delete rule ' + r.id);
          b.addEventListener('click', function () {
            var scope = r.scope || '';
            apiRulesOf(scope).then(function (rules) { return putRules(scope, rules.filter(function (x) { return x.id !== r.id; })); })
              .then(function () { announce('Deleted rule ' + r.id); return loadFixtures(); });
          });
          td.appendChild(b);
        } else td.appendChild(text('span', 'file rule', 'muted'));
        tr.appendChild(td);
        body.appendChild(tr);
      });
      el('fixture-count').textContent = d.rules.length + ' rule(s)';
    }).catch(function () {});
  }
  el('fixture-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var scope = el('fixture-scope').value.trim();
    var out = el('fixture-error');
    out.textContent = '';
    var doc;
    try { doc = JSON.parse(el('fixture-json').value); } catch (e) { out.textContent = 'Not valid JSON: ' + e.message; return; }
    var added = Array.isArray(doc) ? doc : doc && Array.isArray(doc.rules) ? doc.rules : [doc];
    apiRulesOf(scope).then(function (rules) {
      var ids = added.map(function (r) { return r && r.id; });
      return putRules(scope, rules.filter(function (r) { return ids.indexOf(r.id) === -1; }).concat(added));
    }).then(function (res) {
      return res.json().then(function (j) {
        if (!res.ok) { out.textContent = (j.error && j.error.message) || 'Refused'; return; }
        announce('Added ' + added.length + ' rule(s)');
        el('fixture-json').value = '';
        return loadFixtures();
      });
    });
  });

  // ---- metrics in brief (the saf_mock_* series of /__saf/metrics: gauges, then the busiest counters, then mean latency) ----
  function metricLine(list, name, value) {
    var li = document.createElement('li');
    li.appendChild(text('code', name));
    li.appendChild(document.createTextNode(' ' + value));
    list.appendChild(li);
  }
  function loadMetrics() {
    return api('/__saf/metrics').then(function (r) {
      var list = el('metrics');
      if (r.status === 403) { list.textContent = 'The metrics add up every key: sign in with the admin token to see them.'; return; }
      if (!r.ok) { list.textContent = 'Metrics unavailable (HTTP ' + r.status + ').'; return; }
      return r.text().then(function (t) {
        var gauges = [], counters = [], sums = {}, counts = {};
        t.split('\n').forEach(function (l) {
          var m = /^(saf_mock_\w+)(\{[^}]*\})? (\S+)$/.exec(l);
          if (!m) return;
          var name = m[1], labels = m[2] || '', value = Number(m[3]);
          if (name === 'saf_mock_request_duration_seconds_sum') sums[labels] = value;
          else if (name === 'saf_mock_request_duration_seconds_count') counts[labels] = value;
          else if (/_total$/.test(name)) counters.push({ name: name + labels, value: value });
          else if (!/_bucket$/.test(name)) gauges.push({ name: name, value: value });
        });
        counters.sort(function (a, b) { return b.value - a.value; });
        list.textContent = '';
        gauges.forEach(function (g) { metricLine(list, g.name, g.value); });
        counters.slice(0, 20).forEach(function (c) { metricLine(list, c.name, c.value); });
        Object.keys(counts).forEach(function (k) {
          if (counts[k] > 0) metricLine(list, 'mean latency' + k, (sums[k] / counts[k] * 1000).toFixed(1) + ' ms');
        });
        if (counters.length === 0) list.appendChild(text('li', 'No requests yet.'));
      });
    }).catch(function () {});
  }

  connect();
  loadSessions();
  loadScenarios();
  loadFixtures();
  loadMetrics();
  setInterval(loadMetrics, 5000);
  setInterval(loadSessions, 5000);
})();
`;
