/*
 * Call-handler console: the queue of conversations that need a person, one
 * open conversation, and the crime report it refers to.
 *
 * Talks only to the console API on this origin (JSON, session cookie set by
 * the server). Every POST carries the CSRF token from /console/api/me.
 *
 * Safety notes:
 * - State is kept in memory only: nothing in localStorage, sessionStorage,
 *   cookies or the page address.
 * - Text from the server is only ever written with textContent.
 * - No inline script, styles or event handlers, so a strict CSP works.
 */
(function () {
  "use strict";

  var API = "/console/api";
  var LOGIN_URL = "/console/login";
  var SIGNED_OUT_URL = "/console/login?out=1";
  var LOGOUT_URL = "/console/logout";
  var BASE_TITLE = "Call-handler console";
  var P1_TITLE_PREFIX = "(P1) ";
  var P1_ALERT_TEXT = "Urgent: a P1 conversation is waiting";
  var RECONNECTING_TEXT = "Reconnecting…";
  var MAX_REPLY_LENGTH = 1000;
  var MAX_NOTE_LENGTH = 4000;
  var MAX_SERVER_MESSAGE = 300;
  var INFO_CLEAR_MS = 8000;
  var STREAM_RETRY_MIN_MS = 2000;
  var STREAM_RETRY_MAX_MS = 30000;

  var MESSAGES = {
    notAllowed: "Not allowed",
    unreachable: "The assistant could not be reached; try again.",
    network: "The console server could not be reached. Check your connection and try again.",
    failed: "Something went wrong. Try again.",
    conflict: "Someone else has changed this conversation."
  };

  var CHANNELS = {
    socketio: "Web chat",
    rest: "REST API",
    twilio: "Twilio",
    telegram: "Telegram"
  };

  var SPEAKERS = {
    citizen: "Citizen",
    assistant: "Assistant",
    handler: "Handler"
  };

  var REPORT_FIELDS = [
    ["reference", "Reference", "text"],
    ["status", "Status", "status"],
    ["crime_type", "Crime type", "label"],
    ["created_at", "Reported", "datetime"],
    ["occurred_from", "Happened (from)", "datetime"],
    ["location", "Location", "text"],
    ["description", "Description", "text"],
    ["victim_name", "Victim name", "text"],
    ["contact_phone", "Contact phone", "text"]
  ];

  var state = {
    me: null, // {username, role, csrf_token, canned_replies, handlers}
    queue: [], // Request[] as last received
    queueAt: 0, // clock() when the queue was received (for ticking waits)
    seenP1: {}, // request ids already alerted as waiting P1s
    p1Showing: false,
    stream: null,
    streamFor: null, // request id the stream was opened for, or null
    streamRetryMs: STREAM_RETRY_MIN_MS,
    streamRetryTimer: null,
    currentId: null, // open conversation's request id
    current: null, // its Request
    currentGone: false, // no longer in the queue (resolved, ended...)
    transcriptKeys: [], // keys of the transcript lines shown
    detailLoaded: false,
    report: null, // open report
    reportRef: null,
    drafts: {}, // request id -> {reply, note} typed but not sent (memory only)
    busy: {}, // action name -> true while its request is in flight
    audio: null,
    leaving: false,
    infoTimers: {}
  };

  var els = {};
  var rows = {}; // request id -> queue <li>

  /* ------------------------------------------------------------------ */
  /* Small helpers                                                        */
  /* ------------------------------------------------------------------ */

  function noop() {}

  function clock() {
    return window.performance && typeof window.performance.now === "function"
      ? window.performance.now()
      : Date.now();
  }

  function str(value) {
    return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node && node.firstChild) node.removeChild(node.firstChild);
  }

  function pad2(n) {
    return n < 10 ? "0" + n : String(n);
  }

  // mm:ss; minutes keep counting past 59.
  function formatWait(seconds) {
    var s = Math.max(0, Math.floor(Number(seconds) || 0));
    return pad2(Math.floor(s / 60)) + ":" + pad2(s % 60);
  }

  // "under_review" -> "Under review"
  function humanise(value) {
    var s = str(value).replace(/[_-]+/g, " ").trim();
    if (!s) return "";
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  // "safeguarding_concern" -> "safeguarding concern" (case kept)
  function spaced(value) {
    return str(value).replace(/_+/g, " ").trim();
  }

  function channelName(channel) {
    var c = str(channel);
    return Object.prototype.hasOwnProperty.call(CHANNELS, c) ? CHANNELS[c] : humanise(c) || "Unknown channel";
  }

  function priorityOf(req) {
    var p = Number(req && req.priority);
    return p === 1 || p === 2 || p === 3 ? p : 3;
  }

  function parseDate(value) {
    if (value === null || value === undefined || value === "") return null;
    var d = typeof value === "number" ? new Date(value * 1000) : new Date(str(value));
    return isNaN(d.getTime()) ? null : d;
  }

  function formatTime(date) {
    try {
      return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    } catch (e) {
      return date.toISOString();
    }
  }

  function formatDateTime(value) {
    var raw = str(value);
    // A date on its own is shown as a date, not as midnight UTC.
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      var parts = raw.split("-");
      var day = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
      try {
        return day.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
      } catch (e) {
        return raw;
      }
    }
    var d = parseDate(value);
    if (!d) return raw;
    try {
      return d.toLocaleString("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit"
      });
    } catch (e) {
      return d.toISOString();
    }
  }

  function timeElement(value, text) {
    var t = el("time", "at", text);
    var d = parseDate(value);
    if (d) t.setAttribute("datetime", d.toISOString());
    return t;
  }

  function serverMessage(data) {
    var text = data && typeof data.error === "string" ? data.error.trim() : "";
    return text ? text.slice(0, MAX_SERVER_MESSAGE) : "";
  }

  function isOpenStatus(status) {
    return status === "waiting" || status === "claimed";
  }

  function isMe(username) {
    return !!(state.me && username && username === state.me.username);
  }

  function isSupervisor() {
    return !!(state.me && state.me.role === "supervisor");
  }

  /* ------------------------------------------------------------------ */
  /* Messages                                                             */
  /* ------------------------------------------------------------------ */

  // kind: "error", "info" or "none". Info messages clear themselves.
  function say(target, kind, text) {
    if (!target) return;
    var key = target.id || "x";
    clearTimeout(state.infoTimers[key]);
    target.setAttribute("data-kind", text ? kind : "none");
    target.textContent = text || "";
    if (text && kind === "info") {
      state.infoTimers[key] = setTimeout(function () {
        if (target.textContent === text) say(target, "none", "");
      }, INFO_CLEAR_MS);
    }
  }

  function setConnection(kind, text) {
    if (!els.connection) return;
    els.connection.setAttribute("data-state", kind);
    if (els.connection.textContent !== text) els.connection.textContent = text;
  }

  /* ------------------------------------------------------------------ */
  /* API                                                                  */
  /* ------------------------------------------------------------------ */

  function goToLogin(url) {
    if (state.leaving) return;
    state.leaving = true;
    closeStream();
    window.location.replace(url || LOGIN_URL);
  }

  // Resolves with {ok, status, data}; network failures resolve with status 0.
  // A 401 sends the browser to the sign-in page (and never resolves).
  function api(method, path, body, options401) {
    var headers = { Accept: "application/json" };
    var options = { method: method, credentials: "same-origin", cache: "no-store", headers: headers };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRF-Token"] = state.me ? str(state.me.csrf_token) : "";
      options.body = JSON.stringify(body || {});
    }
    return window.fetch(path, options).then(
      function (response) {
        if (response.status === 401) {
          goToLogin(options401 && options401.loginUrl);
          return new Promise(noop);
        }
        return response.text().then(function (raw) {
          var data = null;
          if (raw) {
            try {
              data = JSON.parse(raw);
            } catch (e) {
              data = null;
            }
          }
          return { ok: response.ok, status: response.status, data: data };
        });
      },
      function () {
        return { ok: false, status: 0, data: null };
      }
    );
  }

  // The message to show for a failed call, following the API's conventions.
  function errorText(result) {
    if (!result || result.status === 0) return MESSAGES.network;
    if (result.status === 403) return MESSAGES.notAllowed;
    if (result.status === 502) return MESSAGES.unreachable;
    if (result.status === 409) return serverMessage(result.data) || MESSAGES.conflict;
    return serverMessage(result.data) || MESSAGES.failed + " (error " + result.status + ")";
  }

  function requestPath(id, action) {
    return API + "/requests/" + encodeURIComponent(String(id)) + (action ? "/" + action : "");
  }

  function reportPath(reference, action) {
    return API + "/reports/" + encodeURIComponent(str(reference)) + (action ? "/" + action : "");
  }

  /* ------------------------------------------------------------------ */
  /* Live updates                                                         */
  /* ------------------------------------------------------------------ */

  function closeStream() {
    clearTimeout(state.streamRetryTimer);
    state.streamRetryTimer = null;
    if (state.stream) {
      try {
        state.stream.close();
      } catch (e) {
        /* ignore */
      }
      state.stream = null;
    }
  }

  function parseEventData(event) {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return null;
    }
  }

  function openStream() {
    if (state.leaving) return;
    closeStream();
    if (typeof window.EventSource !== "function") {
      setConnection("error", "This browser cannot receive live updates. Use an up-to-date browser.");
      return;
    }
    var id = state.currentId;
    var url = API + "/stream" + (id !== null ? "?request=" + encodeURIComponent(String(id)) : "");
    var source;
    try {
      source = new window.EventSource(url);
    } catch (e) {
      setConnection("warn", RECONNECTING_TEXT);
      scheduleStreamRetry();
      return;
    }
    state.stream = source;
    state.streamFor = id;

    source.addEventListener("open", function () {
      if (state.stream !== source) return;
      state.streamRetryMs = STREAM_RETRY_MIN_MS;
      setConnection("ok", "");
    });

    source.addEventListener("queue", function (event) {
      if (state.stream !== source) return;
      var data = parseEventData(event);
      if (data && Array.isArray(data.requests)) {
        setConnection("ok", "");
        onQueue(data.requests);
      }
    });

    source.addEventListener("conversation", function (event) {
      if (state.stream !== source) return;
      var data = parseEventData(event);
      if (data && data.request && state.currentId !== null && String(data.request.id) === String(state.currentId)) {
        renderDetail(data);
      }
    });

    source.addEventListener("error", function () {
      if (state.stream !== source || state.leaving) return;
      setConnection("warn", RECONNECTING_TEXT);
      // CONNECTING: the browser retries by itself. CLOSED: it has given up
      // (e.g. the server answered with an error), so check the session and
      // try again ourselves.
      if (source.readyState === 2) {
        scheduleStreamRetry();
      }
    });
  }

  function scheduleStreamRetry() {
    clearTimeout(state.streamRetryTimer);
    var wait = state.streamRetryMs;
    state.streamRetryMs = Math.min(STREAM_RETRY_MAX_MS, state.streamRetryMs * 2);
    state.streamRetryTimer = setTimeout(function () {
      if (state.leaving) return;
      // A 401 here goes to the sign-in page.
      api("GET", API + "/me").then(function (result) {
        if (state.leaving) return;
        if (result.ok && result.data) applyMe(result.data);
        openStream();
      });
    }, wait);
  }

  /* ------------------------------------------------------------------ */
  /* P1 alert                                                             */
  /* ------------------------------------------------------------------ */

  function beep() {
    try {
      var AudioCtx = window.AudioContext || window.webkitAudioContext;
      if (!AudioCtx) return;
      if (!state.audio) state.audio = new AudioCtx();
      var ctx = state.audio;
      if (ctx.state === "suspended" && typeof ctx.resume === "function") {
        var resumed = ctx.resume();
        if (resumed && typeof resumed.catch === "function") resumed.catch(noop);
      }
      var start = ctx.currentTime + 0.02;
      [0, 0.25].forEach(function (offset, i) {
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.type = "sine";
        osc.frequency.value = i === 0 ? 880 : 1175;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
        osc.connect(gain);
        gain.connect(ctx.destination);
        osc.start(start + offset);
        osc.stop(start + offset + 0.22);
      });
    } catch (e) {
      /* sound is a bonus; the banner and title are the alert */
    }
  }

  // Browsers only allow sound after the user has interacted with the page.
  function unlockAudio() {
    try {
      var AudioCtx = window.AudioContext || window.webkitAudioContext;
      if (!AudioCtx) return;
      if (!state.audio) state.audio = new AudioCtx();
      if (state.audio.state === "suspended") {
        var resumed = state.audio.resume();
        if (resumed && typeof resumed.catch === "function") resumed.catch(noop);
      }
    } catch (e) {
      /* ignore */
    }
  }

  function updateTitle() {
    document.title = (state.p1Showing ? P1_TITLE_PREFIX : "") + BASE_TITLE;
  }

  function updateP1Alert(requests) {
    var waitingP1 = requests.filter(function (r) {
      return priorityOf(r) === 1 && r.status === "waiting";
    });
    var isNew = false;
    var stillWaiting = {};
    waitingP1.forEach(function (r) {
      var key = String(r.id);
      stillWaiting[key] = true;
      if (!state.seenP1[key]) isNew = true;
    });
    state.seenP1 = stillWaiting;

    if (!els.p1Alert) return;
    if (waitingP1.length) {
      if (!state.p1Showing) {
        state.p1Showing = true;
        els.p1Alert.hidden = false;
        els.p1Alert.textContent = P1_ALERT_TEXT;
      } else if (isNew) {
        // Announce again for another new P1.
        els.p1Alert.textContent = "";
        setTimeout(function () {
          if (state.p1Showing) els.p1Alert.textContent = P1_ALERT_TEXT;
        }, 150);
      }
      if (isNew) beep();
    } else if (state.p1Showing) {
      state.p1Showing = false;
      els.p1Alert.textContent = "";
      els.p1Alert.hidden = true;
    }
    updateTitle();
  }

  /* ------------------------------------------------------------------ */
  /* Queue                                                                */
  /* ------------------------------------------------------------------ */

  function findQueued(id) {
    for (var i = 0; i < state.queue.length; i++) {
      if (String(state.queue[i].id) === String(id)) return state.queue[i];
    }
    return null;
  }

  // Seconds waited now, counting on from the last update.
  function waitedNow(req) {
    var base = Number(req && req.waiting_seconds) || 0;
    return base + Math.floor((clock() - (req._receivedAt || clock())) / 1000);
  }

  function waitLabel(req) {
    return req.status === "claimed" ? "Open for" : "Waiting";
  }

  function handlerText(req) {
    if (req.status === "claimed" || req.handler) {
      if (!req.handler) return "Claimed";
      return isMe(req.handler) ? "Claimed by you" : "Claimed by " + req.handler;
    }
    return "Not claimed";
  }

  function makeRow(id) {
    var li = el("li", "queue-item");
    li.setAttribute("data-request-id", String(id));

    var open = el("button", "open");
    open.type = "button";
    var badge = el("span", "badge");
    var main = el("span", "row-main");
    var reason = el("span", "reason");
    var details = el("span", "row-details");
    var channel = el("span", "channel");
    var wait = el("span", "wait");
    var waitLabelEl = el("span", "wait-label");
    var waitTime = el("span", "wait-time");
    wait.appendChild(waitLabelEl);
    wait.appendChild(document.createTextNode(" "));
    wait.appendChild(waitTime);
    var handler = el("span", "handler");
    var flags = el("span", "row-flags");
    details.appendChild(channel);
    details.appendChild(wait);
    details.appendChild(handler);
    main.appendChild(reason);
    main.appendChild(details);
    main.appendChild(flags);
    open.appendChild(badge);
    open.appendChild(main);
    li.appendChild(open);

    open.addEventListener("click", function (event) {
      event.stopPropagation();
      openConversation(id, { focus: "heading" });
    });
    // The rest of the row opens it too (the button is what keyboards use).
    li.addEventListener("click", function (event) {
      if (event.target && event.target.closest && event.target.closest("button")) return;
      openConversation(id, { focus: "heading" });
    });
    return li;
  }

  function updateRow(li, req) {
    var id = String(req.id);
    var p = priorityOf(req);
    li.setAttribute("data-priority", String(p));
    li.setAttribute("data-status", str(req.status));
    li.classList.toggle("is-current", state.currentId !== null && String(state.currentId) === id);
    li.classList.toggle("is-mine", isMe(req.handler));

    var open = li.querySelector(".open");
    if (state.currentId !== null && String(state.currentId) === id) {
      open.setAttribute("aria-current", "true");
    } else {
      open.removeAttribute("aria-current");
    }
    var badge = li.querySelector(".badge");
    badge.className = "badge p" + p;
    badge.textContent = "P" + p;
    var reason = li.querySelector(".reason");
    reason.textContent = spaced(req.reason) || "asked for a person";
    reason.setAttribute("data-reason", str(req.reason));
    var channel = li.querySelector(".channel");
    channel.textContent = channelName(req.channel);
    channel.setAttribute("data-channel", str(req.channel));
    li.querySelector(".wait-label").textContent = waitLabel(req);
    li.querySelector(".wait-time").textContent = formatWait(waitedNow(req));
    li.querySelector(".handler").textContent = handlerText(req);

    var flags = li.querySelector(".row-flags");
    var list = Array.isArray(req.risk_flags) ? req.risk_flags.filter(Boolean).map(spaced) : [];
    flags.textContent = list.length ? "Risk: " + list.join(", ") : "";
    flags.hidden = !list.length;

    var claim = li.querySelector(".claim");
    if (req.status === "waiting") {
      if (!claim) {
        claim = el("button", "claim button button-primary");
        claim.type = "button";
        claim.appendChild(document.createTextNode("Claim"));
        claim.appendChild(el("span", "visually-hidden claim-context"));
        claim.addEventListener("click", function (event) {
          event.stopPropagation();
          claimRequest(req.id, claim, els.notice);
        });
        li.appendChild(claim);
      }
      claim.querySelector(".claim-context").textContent = " P" + p + " " + (spaced(req.reason) || "request");
      if (!state.busy["claim-" + id]) claim.disabled = false;
    } else if (claim) {
      if (document.activeElement === claim) open.focus();
      li.removeChild(claim);
    }
  }

  function renderQueue() {
    var active = document.activeElement;
    var activeRow = active && active.closest ? active.closest("#queue > li") : null;
    var activeId = activeRow ? activeRow.getAttribute("data-request-id") : null;
    var activeClass = active && active.classList && active.classList.contains("claim") ? "claim" : "open";

    var wanted = {};
    state.queue.forEach(function (req) {
      wanted[String(req.id)] = true;
    });
    Object.keys(rows).forEach(function (id) {
      if (!wanted[id]) {
        if (rows[id].parentNode) rows[id].parentNode.removeChild(rows[id]);
        delete rows[id];
      }
    });

    var cursor = els.queue.firstChild;
    state.queue.forEach(function (req) {
      var id = String(req.id);
      var li = rows[id];
      if (!li) {
        li = makeRow(req.id);
        rows[id] = li;
      }
      updateRow(li, req);
      if (li === cursor) {
        cursor = cursor.nextSibling;
      } else {
        els.queue.insertBefore(li, cursor);
      }
    });

    // Moving a row can take focus with it; put it back.
    if (activeId !== null && document.activeElement !== active) {
      var row = rows[activeId];
      var target = row ? row.querySelector("." + activeClass) || row.querySelector(".open") : null;
      if (target) {
        target.focus();
      } else if (!document.activeElement || document.activeElement === document.body) {
        els.queueHeading.focus();
      }
    }

    var waiting = 0;
    var claimed = 0;
    state.queue.forEach(function (req) {
      if (req.status === "waiting") waiting++;
      else claimed++;
    });
    els.queueCount.textContent = waiting + " waiting, " + claimed + " being handled";
    els.queueEmpty.hidden = state.queue.length > 0;
  }

  function onQueue(requests) {
    var now = clock();
    state.queue = requests.filter(function (r) {
      return r && typeof r === "object" && r.id !== undefined && r.id !== null;
    });
    state.queue.forEach(function (r) {
      r._receivedAt = now;
    });
    renderQueue();
    updateP1Alert(state.queue);

    if (state.currentId !== null) {
      var req = findQueued(state.currentId);
      if (req) {
        state.currentGone = false;
        state.current = req;
      } else if (state.current && isOpenStatus(state.current.status)) {
        state.currentGone = true;
      }
      renderConversationHeader();
      updateControls();
    }
  }

  function tick() {
    state.queue.forEach(function (req) {
      var li = rows[String(req.id)];
      if (!li) return;
      var t = li.querySelector(".wait-time");
      var text = formatWait(waitedNow(req));
      if (t && t.textContent !== text) t.textContent = text;
    });
    if (state.current && els.conversationWait) {
      var req = findQueued(state.currentId);
      if (req) els.conversationWait.textContent = formatWait(waitedNow(req));
    }
  }

  /* ------------------------------------------------------------------ */
  /* Claiming                                                             */
  /* ------------------------------------------------------------------ */

  function claimRequest(id, button, messageTarget) {
    var key = "claim-" + id;
    if (state.busy[key]) return;
    state.busy[key] = true;
    if (button) button.disabled = true;
    say(messageTarget, "none", "");
    api("POST", requestPath(id, "claim"), {}).then(function (result) {
      state.busy[key] = false;
      if (result.ok) {
        var req = result.data && result.data.request ? result.data.request : null;
        if (req) mergeRequest(req);
        openConversation(id, { focus: "reply" });
      } else {
        if (button && button.isConnected) button.disabled = false;
        say(messageTarget, "error", errorText(result));
        updateControls();
      }
    });
  }

  // Applies a Request the server sent back to what is on screen.
  function mergeRequest(req) {
    var queued = findQueued(req.id);
    if (queued) {
      var at = queued._receivedAt;
      Object.keys(req).forEach(function (k) {
        queued[k] = req[k];
      });
      queued._receivedAt = at;
      if (typeof req.waiting_seconds === "number") queued._receivedAt = clock();
      var li = rows[String(req.id)];
      if (li) updateRow(li, queued);
      updateP1Alert(state.queue);
    }
    if (state.currentId !== null && String(req.id) === String(state.currentId)) {
      state.current = queued || req;
      renderConversationHeader();
      updateControls();
    }
  }

  /* ------------------------------------------------------------------ */
  /* Conversation                                                         */
  /* ------------------------------------------------------------------ */

  function markCurrentRow() {
    Object.keys(rows).forEach(function (id) {
      var li = rows[id];
      var current = state.currentId !== null && String(state.currentId) === id;
      li.classList.toggle("is-current", current);
      var open = li.querySelector(".open");
      if (current) open.setAttribute("aria-current", "true");
      else open.removeAttribute("aria-current");
    });
  }

  // Keeps what was typed for the open conversation while another is shown.
  function saveDraft() {
    if (state.currentId === null) return;
    var reply = els.replyText.value;
    var note = els.noteText.value;
    if (reply || note) state.drafts[String(state.currentId)] = { reply: reply, note: note };
    else delete state.drafts[String(state.currentId)];
  }

  function restoreDraft() {
    var draft = state.currentId !== null ? state.drafts[String(state.currentId)] : null;
    els.replyText.value = draft ? draft.reply : "";
    els.noteText.value = draft ? draft.note : "";
    updateReplyCount();
  }

  function resetConversationView() {
    clear(els.transcript);
    clear(els.notes);
    clear(els.slots);
    clear(els.intents);
    clear(els.riskFlags);
    clear(els.meta);
    state.transcriptKeys = [];
    state.detailLoaded = false;
    els.reference.textContent = "No report";
    els.openReport.hidden = true;
    els.replyText.value = "";
    els.noteText.value = "";
    updateReplyCount();
    say(els.conversationMessage, "none", "");
  }

  function openConversation(id, options) {
    options = options || {};
    var same = state.currentId !== null && String(state.currentId) === String(id);
    if (!same) {
      saveDraft();
      state.currentId = id;
      state.current = findQueued(id);
      state.currentGone = false;
      resetConversationView();
      restoreDraft();
      closeReport();
    }
    els.conversation.hidden = false;
    els.noConversation.hidden = true;
    markCurrentRow();
    renderConversationHeader();
    updateControls();
    if (options.focus === "reply" && !els.replyText.disabled) {
      els.replyText.focus();
    } else if (options.focus) {
      els.conversationHeading.focus();
    }
    if (!same || state.streamFor === null || String(state.streamFor) !== String(id)) openStream();
    if (!same || !state.detailLoaded) loadDetail(id);
  }

  function loadDetail(id) {
    api("GET", requestPath(id)).then(function (result) {
      if (state.currentId === null || String(state.currentId) !== String(id)) return;
      if (result.ok && result.data && result.data.request) {
        renderDetail(result.data);
      } else if (result.status === 404) {
        state.currentGone = true;
        say(els.conversationMessage, "error", "This conversation could not be found. It may have ended.");
        updateControls();
      } else {
        say(els.conversationMessage, "error", errorText(result));
      }
    });
  }

  function closeConversation(focusQueue, keepDraft) {
    if (keepDraft) saveDraft();
    else if (state.currentId !== null) delete state.drafts[String(state.currentId)];
    state.currentId = null;
    state.current = null;
    state.currentGone = false;
    resetConversationView();
    closeReport();
    els.conversation.hidden = true;
    els.conversation.removeAttribute("data-open-request");
    els.conversation.removeAttribute("data-priority");
    els.noConversation.hidden = false;
    markCurrentRow();
    openStream();
    if (focusQueue) els.queueHeading.focus();
  }

  function renderConversationHeader() {
    var req = state.current;
    clear(els.meta);
    els.conversationWait = null;
    if (!req) {
      els.conversationHeading.textContent = "Conversation";
      return;
    }
    var p = priorityOf(req);
    els.conversationHeading.textContent = "Conversation: " + (spaced(req.reason) || "asked for a person");
    // Not data-request-id: that names queue rows only.
    els.conversation.setAttribute("data-open-request", String(req.id));
    els.conversation.setAttribute("data-priority", String(p));

    els.meta.appendChild(el("span", "badge p" + p, "P" + p));
    els.meta.appendChild(el("span", "meta-item", channelName(req.channel)));
    var status = state.currentGone ? "Ended" : humanise(req.status) || "Unknown";
    els.meta.appendChild(el("span", "meta-item meta-status", status));
    els.meta.appendChild(el("span", "meta-item", handlerText(req)));
    if (findQueued(req.id)) {
      var wait = el("span", "meta-item");
      wait.appendChild(document.createTextNode(waitLabel(req) + " "));
      var time = el("span", "wait-time", formatWait(waitedNow(findQueued(req.id))));
      wait.appendChild(time);
      els.meta.appendChild(wait);
      els.conversationWait = time;
    }
    var started = parseDate(req.requested_at);
    if (started) {
      var since = el("span", "meta-item");
      since.appendChild(document.createTextNode("Asked at "));
      since.appendChild(timeElement(req.requested_at, formatTime(started)));
      els.meta.appendChild(since);
    }
  }

  function renderList(list, node, noneNode, className) {
    clear(node);
    list.forEach(function (item) {
      var li = el("li", className, spaced(item));
      li.setAttribute("data-value", item);
      node.appendChild(li);
    });
    node.hidden = !list.length;
    if (noneNode) noneNode.hidden = list.length > 0;
  }

  function slotValue(value) {
    if (value === null || value === undefined) return null;
    if (typeof value === "boolean") return value ? "Yes" : "No";
    if (Array.isArray(value)) {
      var parts = value.map(slotValue).filter(function (v) {
        return v !== null && v !== "";
      });
      return parts.length ? parts.join(", ") : null;
    }
    if (typeof value === "object") {
      try {
        return JSON.stringify(value);
      } catch (e) {
        return null;
      }
    }
    var s = String(value);
    return s.trim() ? s : null;
  }

  function renderSummary(summary, req) {
    summary = summary && typeof summary === "object" ? summary : {};
    var flagsSource = Array.isArray(summary.risk_flags) ? summary.risk_flags : req && req.risk_flags;
    var flags = (Array.isArray(flagsSource) ? flagsSource : []).filter(Boolean).map(str);
    renderList(flags, els.riskFlags, els.riskFlagsNone, "flag");

    var intents = (Array.isArray(summary.intents) ? summary.intents : []).filter(Boolean).map(str);
    renderList(intents, els.intents, els.intentsNone, "intent");

    clear(els.slots);
    var slots = summary.slots && typeof summary.slots === "object" ? summary.slots : {};
    var count = 0;
    Object.keys(slots).forEach(function (name) {
      var value = slotValue(slots[name]);
      if (value === null) return;
      var wrap = el("div", "slot");
      wrap.setAttribute("data-slot", name);
      wrap.appendChild(el("dt", null, humanise(name)));
      wrap.appendChild(el("dd", null, value));
      els.slots.appendChild(wrap);
      count++;
    });
    els.slots.hidden = !count;
    els.slotsNone.hidden = count > 0;

    var reference = str(summary.reference || (req && req.reference));
    els.reference.textContent = reference || "No report";
    els.openReport.hidden = !reference;
    els.openReport.setAttribute("data-reference", reference);
  }

  function transcriptKey(entry) {
    return [str(entry.from), str(entry.at), str(entry.handler), str(entry.text)].join("\u0001");
  }

  function renderLine(entry) {
    var from = SPEAKERS[entry.from] ? entry.from : "assistant";
    var line = el("div", "line from-" + from);
    var head = el("p", "line-head");
    var who = SPEAKERS[from];
    if (from === "handler") {
      var name = str(entry.handler);
      who = name ? (isMe(name) ? "Handler (you, " + name + ")" : "Handler " + name) : "Handler";
    }
    head.appendChild(el("span", "who", who));
    var atValue = typeof entry.at === "number" ? entry.at : Number(entry.at) || entry.at;
    var at = parseDate(atValue);
    if (at) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(timeElement(atValue, formatTime(at)));
    }
    if (from === "citizen" && entry.intent) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "intent-tag", "Intent: " + spaced(entry.intent)));
    }
    line.appendChild(head);
    line.appendChild(el("p", "line-text", str(entry.text)));
    return line;
  }

  function renderTranscript(list) {
    var entries = (Array.isArray(list) ? list : []).filter(function (e) {
      return e && typeof e === "object" && typeof e.text === "string";
    });
    var keys = entries.map(transcriptKey);
    var box = els.transcript;
    var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 48;
    var old = state.transcriptKeys;
    var extends_ = keys.length >= old.length;
    for (var i = 0; extends_ && i < old.length; i++) {
      if (old[i] !== keys[i]) extends_ = false;
    }
    if (extends_) {
      // Only new lines are added, so screen readers hear just those.
      for (var j = old.length; j < entries.length; j++) box.appendChild(renderLine(entries[j]));
    } else {
      box.setAttribute("aria-busy", "true");
      clear(box);
      entries.forEach(function (entry) {
        box.appendChild(renderLine(entry));
      });
      box.removeAttribute("aria-busy");
      atBottom = true;
    }
    if (!entries.length && !box.firstChild) {
      box.appendChild(el("p", "none transcript-empty", "No messages yet."));
    } else {
      var empty = box.querySelector(".transcript-empty");
      if (empty && entries.length) box.removeChild(empty);
    }
    state.transcriptKeys = keys;
    if (atBottom || !old.length) box.scrollTop = box.scrollHeight;
  }

  function renderNotes(list) {
    var notes = (Array.isArray(list) ? list : []).filter(function (n) {
      return n && typeof n === "object";
    });
    clear(els.notes);
    notes.forEach(function (note) {
      var li = el("li", "note");
      var head = el("p", "note-head");
      head.appendChild(el("strong", "note-author", str(note.author) || "Unknown"));
      if (note.at) {
        head.appendChild(document.createTextNode(" "));
        head.appendChild(timeElement(note.at, formatDateTime(note.at)));
      }
      li.appendChild(head);
      li.appendChild(el("p", "note-text", str(note.text)));
      els.notes.appendChild(li);
    });
    els.notes.hidden = !notes.length;
    els.notesNone.hidden = notes.length > 0;
  }

  function renderDetail(data) {
    var req = data.request;
    if (state.currentId === null || String(req.id) !== String(state.currentId)) return;
    var queued = findQueued(req.id);
    if (queued) {
      // The queue's copy ticks; take the detail's fields but keep the clock.
      var at = queued._receivedAt;
      Object.keys(req).forEach(function (k) {
        queued[k] = req[k];
      });
      queued._receivedAt = typeof req.waiting_seconds === "number" ? clock() : at;
      state.current = queued;
      state.currentGone = false;
      var li = rows[String(req.id)];
      if (li) updateRow(li, queued);
    } else {
      state.current = req;
      if (!isOpenStatus(req.status)) state.currentGone = true;
    }
    state.detailLoaded = true;
    renderConversationHeader();
    renderSummary(data.summary, req);
    renderTranscript(data.transcript);
    renderNotes(data.notes);
    updateControls();
  }

  function canAct() {
    var req = state.current;
    if (!req || state.currentGone || !isOpenStatus(req.status) || !state.me) return false;
    return isSupervisor() || isMe(req.handler);
  }

  function fillTransferOptions() {
    var req = state.current;
    var chosen = els.transferTo.value;
    while (els.transferTo.options.length > 1) els.transferTo.remove(1);
    var handlers = state.me && Array.isArray(state.me.handlers) ? state.me.handlers : [];
    var added = 0;
    handlers.forEach(function (name) {
      name = str(name);
      if (!name || (req && name === req.handler)) return;
      var option = el("option", null, isMe(name) ? name + " (you)" : name);
      option.value = name;
      els.transferTo.appendChild(option);
      added++;
    });
    els.transferTo.options[0].textContent = added ? "Choose a handler…" : "No other handlers";
    els.transferTo.value = chosen;
    if (els.transferTo.value !== chosen) els.transferTo.value = "";
  }

  function updateControls() {
    if (!els.conversation) return;
    var req = state.current;
    var allowed = canAct();
    var controls = [
      [els.replyText, "reply"],
      [els.replySend, "reply"],
      [els.canned, "reply"],
      [els.noteText, "note"],
      [els.noteAdd, "note"],
      [els.transferTo, "transfer"],
      [els.transfer, "transfer"],
      [els.resolveBot, "resolve"],
      [els.resolveClosed, "resolve"]
    ];
    controls.forEach(function (pair) {
      if (pair[0]) pair[0].disabled = !allowed || !!state.busy[pair[1]];
    });
    if (els.canned && (!state.me || !state.me.canned_replies || !state.me.canned_replies.length)) {
      els.canned.disabled = true;
    }
    fillTransferOptions();

    var hint = "";
    if (!req) {
      hint = "";
    } else if (state.currentGone || !isOpenStatus(req.status)) {
      hint = "This conversation is no longer waiting for a person (it was handed back, closed or ended). You can still read it.";
    } else if (req.status === "waiting") {
      hint = isSupervisor()
        ? "No one has claimed this conversation yet. As a supervisor you can act on it, or claim it."
        : "Claim this conversation to reply, add notes or pass it on.";
    } else if (!isMe(req.handler)) {
      hint = isSupervisor()
        ? "You are acting as a supervisor on a conversation claimed by " + (req.handler || "someone else") + "."
        : (req.handler || "Someone else") + " is handling this conversation. You can read it but not act on it.";
    }
    els.ownershipHint.textContent = hint;
    els.ownershipHint.hidden = !hint;

    var showClaim = !!(req && !state.currentGone && req.status === "waiting");
    els.conversationClaim.hidden = !showClaim;
    els.conversationClaim.disabled = !!(req && state.busy["claim-" + req.id]);
  }

  /* ------------------------------------------------------------------ */
  /* Conversation actions                                                 */
  /* ------------------------------------------------------------------ */

  // Runs one POST for the open conversation with its controls locked.
  function conversationAction(name, action, body, onDone) {
    var id = state.currentId;
    if (id === null || state.busy[name]) return;
    if (!canAct()) {
      say(els.conversationMessage, "error", MESSAGES.notAllowed);
      return;
    }
    state.busy[name] = true;
    updateControls();
    say(els.conversationMessage, "none", "");
    api("POST", requestPath(id, action), body).then(function (result) {
      state.busy[name] = false;
      var stillOpen = state.currentId !== null && String(state.currentId) === String(id);
      if (stillOpen) updateControls();
      if (result.ok) {
        if (result.data && result.data.request) mergeRequest(result.data.request);
        onDone(result, stillOpen);
      } else if (stillOpen) {
        say(els.conversationMessage, "error", errorText(result));
      } else {
        say(els.notice, "error", errorText(result));
      }
    });
  }

  // Forgets a sent text kept as a draft of a conversation no longer shown.
  function dropDraft(id, field, text) {
    var draft = state.drafts[String(id)];
    if (draft && draft[field].trim() === text) draft[field] = "";
    if (draft && !draft.reply && !draft.note) delete state.drafts[String(id)];
  }

  // The stream normally brings the change; without it, fetch it.
  function refreshIfNoStream(id) {
    var live = state.stream && state.stream.readyState === 1 && String(state.streamFor) === String(id);
    if (!live) loadDetail(id);
  }

  function updateReplyCount() {
    if (!els.replyCount) return;
    els.replyCount.textContent = els.replyText.value.length + " of " + MAX_REPLY_LENGTH + " characters";
  }

  function onReply(event) {
    event.preventDefault();
    var text = els.replyText.value.trim();
    if (!text) {
      say(els.conversationMessage, "error", "Type a reply first.");
      els.replyText.focus();
      return;
    }
    if (text.length > MAX_REPLY_LENGTH) {
      say(els.conversationMessage, "error", "The reply is too long: at most " + MAX_REPLY_LENGTH + " characters.");
      els.replyText.focus();
      return;
    }
    var id = state.currentId;
    var focusBack = document.activeElement === els.replyText || document.activeElement === els.replySend;
    conversationAction("reply", "reply", { text: text }, function (result, stillOpen) {
      if (!stillOpen) {
        dropDraft(id, "reply", text);
        return;
      }
      if (els.replyText.value.trim() === text) els.replyText.value = "";
      updateReplyCount();
      if (focusBack && !els.replyText.disabled) els.replyText.focus();
      refreshIfNoStream(id);
    });
  }

  function onReplyKeyDown(event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      if (typeof els.replyForm.requestSubmit === "function") {
        els.replyForm.requestSubmit();
      } else {
        onReply(event);
      }
    }
  }

  function onCanned() {
    var index = els.canned.value;
    var list = state.me && Array.isArray(state.me.canned_replies) ? state.me.canned_replies : [];
    var item = index !== "" ? list[Number(index)] : null;
    if (item && typeof item.text === "string") {
      els.replyText.value = item.text.slice(0, MAX_REPLY_LENGTH);
      updateReplyCount();
      els.replyText.focus();
    }
    els.canned.value = "";
  }

  function onNote(event) {
    event.preventDefault();
    var text = els.noteText.value.trim();
    if (!text) {
      say(els.conversationMessage, "error", "Type a note first.");
      els.noteText.focus();
      return;
    }
    if (text.length > MAX_NOTE_LENGTH) {
      say(els.conversationMessage, "error", "The note is too long: at most " + MAX_NOTE_LENGTH + " characters.");
      els.noteText.focus();
      return;
    }
    var id = state.currentId;
    conversationAction("note", "notes", { text: text }, function (result, stillOpen) {
      if (!stillOpen) {
        dropDraft(id, "note", text);
        return;
      }
      if (els.noteText.value.trim() === text) els.noteText.value = "";
      say(els.conversationMessage, "info", "Note added.");
      refreshIfNoStream(id);
    });
  }

  function onTransfer() {
    var to = els.transferTo.value;
    if (!to) {
      say(els.conversationMessage, "error", "Choose who to pass the conversation to.");
      els.transferTo.focus();
      return;
    }
    conversationAction("transfer", "transfer", { to: to }, function (result, stillOpen) {
      var text = "Passed to " + to + ".";
      if (stillOpen) {
        // The handler field may not have caught up yet.
        if (state.current && !(result.data && result.data.request)) {
          state.current.handler = to;
          state.current.status = "claimed";
          renderConversationHeader();
          updateControls();
        }
        els.transferTo.value = "";
        say(els.conversationMessage, "info", text);
        if (!canAct()) els.conversationHeading.focus();
      } else {
        say(els.notice, "info", text);
      }
    });
  }

  function onResolve(resolution) {
    var id = state.currentId;
    conversationAction("resolve", "resolve", { resolution: resolution }, function (result, stillOpen) {
      delete state.drafts[String(id)];
      var text = resolution === "bot" ? "Handed back to the assistant." : "Conversation closed.";
      if (stillOpen) closeConversation(true);
      say(els.notice, "info", text);
    });
  }

  /* ------------------------------------------------------------------ */
  /* Report                                                               */
  /* ------------------------------------------------------------------ */

  function closeReport(focusBack) {
    state.report = null;
    state.reportRef = null;
    if (!els.report) return;
    els.report.hidden = true;
    clear(els.reportFields);
    clear(els.reportHistory);
    els.reportNote.value = "";
    say(els.reportMessage, "none", "");
    if (focusBack && !els.openReport.hidden) els.openReport.focus();
  }

  function openReport() {
    var reference = els.openReport.getAttribute("data-reference") || "";
    if (!reference) return;
    if (state.reportRef !== reference) {
      closeReport();
      state.reportRef = reference;
      els.reportHeading.textContent = "Crime report " + reference;
      els.report.setAttribute("data-reference", reference);
    }
    els.report.hidden = false;
    say(els.reportMessage, "info", "Loading the report…");
    loadReport(reference);
    els.reportHeading.focus();
  }

  function loadReport(reference) {
    api("GET", reportPath(reference)).then(function (result) {
      if (state.reportRef !== reference) return;
      if (result.ok && result.data) {
        if (els.reportMessage.getAttribute("data-kind") === "info" && els.reportMessage.textContent === "Loading the report…") {
          say(els.reportMessage, "none", "");
        }
        renderReport(result.data);
      } else if (result.status === 404) {
        say(els.reportMessage, "error", "No report has this reference.");
      } else {
        say(els.reportMessage, "error", errorText(result));
      }
    });
  }

  function fieldValue(value, kind) {
    if (value === null || value === undefined || str(value).trim() === "") return "Not given";
    if (kind === "datetime") return formatDateTime(value);
    if (kind === "status" || kind === "label") return humanise(value);
    return str(value);
  }

  function renderReport(report) {
    state.report = report;
    clear(els.reportFields);
    REPORT_FIELDS.forEach(function (field) {
      var wrap = el("div", "field-row field-" + field[0].replace(/_/g, "-"));
      wrap.appendChild(el("dt", null, field[1]));
      wrap.appendChild(el("dd", null, fieldValue(report[field[0]], field[2])));
      els.reportFields.appendChild(wrap);
    });

    clear(els.reportHistory);
    var history = Array.isArray(report.history) ? report.history : [];
    history.forEach(function (item) {
      if (!item || typeof item !== "object") return;
      var li = el("li", "history-item");
      var head = el("p", "history-head");
      head.appendChild(el("strong", "history-status", humanise(item.status) || "Status changed"));
      if (item.at) {
        head.appendChild(document.createTextNode(" – "));
        head.appendChild(timeElement(item.at, formatDateTime(item.at)));
      }
      if (item.by) head.appendChild(document.createTextNode(" – by " + str(item.by)));
      li.appendChild(head);
      if (item.note) li.appendChild(el("p", "history-note", str(item.note)));
      els.reportHistory.appendChild(li);
    });
    els.reportHistory.hidden = !els.reportHistory.firstChild;
    els.reportHistoryNone.hidden = !!els.reportHistory.firstChild;

    var statuses = Array.isArray(report.statuses) ? report.statuses.filter(Boolean).map(str) : [];
    var current = str(report.status);
    if (current && statuses.indexOf(current) === -1) statuses.unshift(current);
    clear(els.reportStatus);
    statuses.forEach(function (s) {
      var option = el("option", null, humanise(s) + (s === current ? " (current)" : ""));
      option.value = s;
      els.reportStatus.appendChild(option);
    });
    els.reportStatus.value = current;
    updateReportNoteHint();
    els.reportSave.disabled = !!state.busy.report || !statuses.length;
  }

  function updateReportNoteHint() {
    var closing = els.reportStatus.value === "closed";
    if (closing) els.reportNote.setAttribute("aria-required", "true");
    else els.reportNote.removeAttribute("aria-required");
    els.reportNoteHint.setAttribute("data-emphasis", closing ? "true" : "false");
  }

  function onReportSave(event) {
    event.preventDefault();
    var reference = state.reportRef;
    if (!reference || state.busy.report) return;
    var status = els.reportStatus.value;
    if (!status) {
      say(els.reportMessage, "error", "Choose a status.");
      els.reportStatus.focus();
      return;
    }
    var note = els.reportNote.value.trim();
    state.busy.report = true;
    els.reportSave.disabled = true;
    say(els.reportMessage, "none", "");
    api("POST", reportPath(reference, "status"), { status: status, note: note }).then(function (result) {
      state.busy.report = false;
      if (state.reportRef !== reference) return;
      els.reportSave.disabled = false;
      if (result.ok) {
        els.reportNote.value = "";
        say(els.reportMessage, "info", "Status saved: " + humanise(status) + ".");
        loadReport(reference);
      } else {
        say(els.reportMessage, "error", errorText(result));
        if (result.status === 400 && status === "closed" && !note) els.reportNote.focus();
      }
    });
  }

  /* ------------------------------------------------------------------ */
  /* Signed-in user                                                       */
  /* ------------------------------------------------------------------ */

  function applyMe(data) {
    var me = {
      username: str(data.username),
      role: data.role === "supervisor" ? "supervisor" : "handler",
      csrf_token: str(data.csrf_token),
      canned_replies: Array.isArray(data.canned_replies)
        ? data.canned_replies.filter(function (c) {
            return c && typeof c === "object" && typeof c.text === "string";
          })
        : [],
      handlers: Array.isArray(data.handlers) ? data.handlers.map(str).filter(Boolean) : []
    };
    var cannedChanged =
      !state.me || JSON.stringify(state.me.canned_replies) !== JSON.stringify(me.canned_replies);
    state.me = me;
    els.meName.textContent = me.username || "unknown";
    els.meRole.textContent = me.role === "supervisor" ? "(supervisor)" : "(call handler)";

    if (cannedChanged) {
      while (els.canned.options.length > 1) els.canned.remove(1);
      me.canned_replies.forEach(function (c, i) {
        var option = el("option", null, str(c.title) || c.text.slice(0, 60));
        option.value = String(i);
        els.canned.appendChild(option);
      });
      els.canned.options[0].textContent = me.canned_replies.length
        ? "Choose a canned reply…"
        : "No canned replies";
    }
    // Rows say "Claimed by you" for this user.
    state.queue.forEach(function (req) {
      var li = rows[String(req.id)];
      if (li) updateRow(li, req);
    });
    updateControls();
  }

  function loadMe() {
    setConnection("info", "Loading…");
    return api("GET", API + "/me").then(function (result) {
      if (result.ok && result.data) {
        applyMe(result.data);
        return true;
      }
      setConnection("error", "The console could not start: " + errorText(result) + " Reload the page to try again.");
      return false;
    });
  }

  function logout() {
    if (state.busy.logout) return;
    state.busy.logout = true;
    els.logout.disabled = true;
    // Already signed out (401) ends up on the same page.
    api("POST", LOGOUT_URL, {}, { loginUrl: SIGNED_OUT_URL }).then(function (result) {
      if (result.ok) {
        goToLogin(SIGNED_OUT_URL);
        return;
      }
      state.busy.logout = false;
      els.logout.disabled = false;
      say(els.notice, "error", "Signing out failed: " + errorText(result));
    });
  }

  /* ------------------------------------------------------------------ */
  /* Start                                                                */
  /* ------------------------------------------------------------------ */

  function init() {
    var ids = {
      meName: "me-name",
      meRole: "me-role",
      logout: "logout",
      p1Alert: "p1-alert",
      connection: "connection",
      notice: "notice",
      queue: "queue",
      queueHeading: "queue-heading",
      queueCount: "queue-count",
      queueEmpty: "queue-empty",
      noConversation: "no-conversation",
      conversation: "conversation",
      conversationHeading: "conversation-heading",
      conversationHide: "conversation-hide",
      conversationMessage: "conversation-message",
      conversationClaim: "conversation-claim",
      ownershipHint: "ownership-hint",
      meta: "conversation-meta",
      riskFlags: "risk-flags",
      riskFlagsNone: "risk-flags-none",
      intents: "intents",
      intentsNone: "intents-none",
      slots: "slots",
      slotsNone: "slots-none",
      reference: "reference",
      openReport: "open-report",
      transcript: "transcript",
      replyForm: "reply-form",
      replyText: "reply-text",
      replySend: "reply-send",
      replyCount: "reply-count",
      canned: "canned",
      notes: "notes",
      notesNone: "notes-none",
      noteForm: "note-form",
      noteText: "note-text",
      noteAdd: "note-add",
      transferTo: "transfer-to",
      transfer: "transfer",
      resolveBot: "resolve-bot",
      resolveClosed: "resolve-closed",
      report: "report",
      reportHeading: "report-heading",
      reportClose: "report-close",
      reportMessage: "report-message",
      reportFields: "report-fields",
      reportHistory: "report-history",
      reportHistoryNone: "report-history-none",
      reportForm: "report-form",
      reportStatus: "report-status",
      reportNote: "report-note",
      reportNoteHint: "report-note-hint",
      reportSave: "report-save"
    };
    var missing = false;
    Object.keys(ids).forEach(function (key) {
      els[key] = document.getElementById(ids[key]);
      if (!els[key]) missing = true;
    });
    if (missing || typeof window.fetch !== "function") {
      if (els.connection) setConnection("error", "The console could not start in this browser. Use an up-to-date browser.");
      return;
    }

    els.replyText.setAttribute("maxlength", String(MAX_REPLY_LENGTH));
    els.noteText.setAttribute("maxlength", String(MAX_NOTE_LENGTH));

    els.logout.addEventListener("click", logout);
    els.conversationHide.addEventListener("click", function () {
      var id = state.currentId;
      closeConversation(false, true);
      var row = id !== null ? rows[String(id)] : null;
      if (row) row.querySelector(".open").focus();
      else els.queueHeading.focus();
    });
    els.conversationClaim.addEventListener("click", function () {
      if (state.currentId !== null) claimRequest(state.currentId, els.conversationClaim, els.conversationMessage);
    });
    els.openReport.addEventListener("click", openReport);
    els.reportClose.addEventListener("click", function () {
      closeReport(true);
    });
    els.replyForm.addEventListener("submit", onReply);
    els.replyText.addEventListener("input", updateReplyCount);
    els.replyText.addEventListener("keydown", onReplyKeyDown);
    els.canned.addEventListener("change", onCanned);
    els.noteForm.addEventListener("submit", onNote);
    els.transfer.addEventListener("click", onTransfer);
    els.resolveBot.addEventListener("click", function () {
      onResolve("bot");
    });
    els.resolveClosed.addEventListener("click", function () {
      onResolve("closed");
    });
    els.reportForm.addEventListener("submit", onReportSave);
    els.reportStatus.addEventListener("change", updateReportNoteHint);

    document.addEventListener("pointerdown", unlockAudio, { once: true, capture: true });
    document.addEventListener("keydown", unlockAudio, { once: true, capture: true });
    window.addEventListener("pagehide", closeStream);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !state.leaving) openStream();
    });

    updateReplyCount();
    updateControls();
    updateTitle();
    setInterval(tick, 1000);

    loadMe().then(function (ok) {
      if (ok) {
        setConnection("info", "Connecting…");
        openStream();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
