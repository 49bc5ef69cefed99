/*
 * Citizen web chat for the police non-emergency contact assistant.
 *
 * Talks to Rasa's SocketIOInput (session_persistence: true) with the
 * socket.io client in /static/vendor/socket.io.min.js.
 *
 * Safety notes:
 * - Everything is kept in sessionStorage only (never localStorage or cookies),
 *   so the conversation does not outlive the browser tab on a shared device.
 * - "Leave this site quickly" (button or Esc) wipes sessionStorage, the
 *   transcript and the connection, then replaces this page in history.
 * - Text from the server is only ever written with textContent.
 * - No inline script or event handlers, so a strict CSP works.
 */
(function () {
  "use strict";

  var FALLBACK_EXIT_URL = "https://www.bbc.co.uk/weather";
  var CONFIG_URL = "/config.json";
  var DEFAULT_SOCKET_PATH = "/socket.io/";
  var GREET_MESSAGE = "/greet";
  var MAX_MESSAGE_LENGTH = 2000;
  var MAX_STORED_ENTRIES = 300;
  var MAX_BUTTONS = 30;
  var TYPING_TIMEOUT_MS = 20000;
  var BOT_PREFIX = "Police assistant said: ";
  var USER_PREFIX = "You said: ";

  var KEYS = {
    session: "chat.sessionId",
    transcript: "chat.transcript",
    pending: "chat.pending",
    greeted: "chat.greeted",
    hintDismissed: "chat.quickExitHintDismissed"
  };

  var state = {
    config: null,
    socket: null,
    sessionId: null,
    sessionReady: false,
    greeted: false,
    transcript: [], // [{from: "bot"|"user", text: string, buttons: [{title, payload}]}]
    pending: [], // messages typed while not connected, sent after session_confirm
    exiting: false,
    typingTimer: null,
    everConnected: false
  };

  var els = {};

  /* ------------------------------------------------------------------ */
  /* sessionStorage wrapper (storage can be disabled or full)            */
  /* ------------------------------------------------------------------ */

  var store = (function () {
    var s = null;
    try {
      s = window.sessionStorage;
      s.setItem("chat.__test", "1");
      s.removeItem("chat.__test");
    } catch (e) {
      s = null;
    }
    return {
      get: function (key) {
        if (!s) return null;
        try {
          return s.getItem(key);
        } catch (e) {
          return null;
        }
      },
      set: function (key, value) {
        if (!s || state.exiting) return false;
        try {
          s.setItem(key, value);
          return true;
        } catch (e) {
          return false;
        }
      },
      remove: function (key) {
        if (!s) return;
        try {
          s.removeItem(key);
        } catch (e) {
          /* ignore */
        }
      },
      clear: function () {
        if (!s) return;
        try {
          s.clear();
        } catch (e) {
          /* ignore */
        }
      },
      getJSON: function (key) {
        var raw = this.get(key);
        if (!raw) return null;
        try {
          return JSON.parse(raw);
        } catch (e) {
          return null;
        }
      }
    };
  })();

  /* ------------------------------------------------------------------ */
  /* Quick exit: works from the very first moment, config or not         */
  /* ------------------------------------------------------------------ */

  function safeHttpUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      var u = new URL(value, window.location.href);
      if (u.protocol === "https:" || u.protocol === "http:") return u.href;
    } catch (e) {
      /* ignore */
    }
    return null;
  }

  function exitUrl() {
    return (state.config && safeHttpUrl(state.config.quickExitUrl)) || FALLBACK_EXIT_URL;
  }

  function quickExit(event) {
    if (event && typeof event.preventDefault === "function") event.preventDefault();
    var url = exitUrl();
    if (state.exiting) {
      window.location.replace(url);
      return;
    }
    state.exiting = true;
    try {
      document.documentElement.classList.add("exiting");
    } catch (e) {
      /* ignore */
    }
    // 1. Forget everything this site kept for the tab.
    store.clear();
    // 2. Clear what is on screen.
    state.transcript = [];
    state.pending = [];
    clearTimeout(state.typingTimer);
    if (els.transcript) els.transcript.textContent = "";
    if (els.message) els.message.value = "";
    if (els.typing) els.typing.hidden = true;
    // 3. Close the connection.
    if (state.socket) {
      try {
        state.socket.off();
        state.socket.disconnect();
      } catch (e) {
        /* ignore */
      }
      state.socket = null;
    }
    // 4. Go, replacing this page so Back does not return to the chat.
    window.location.replace(url);
  }

  function onKeyDown(event) {
    if (event.key === "Escape" || event.key === "Esc") {
      if (event.isComposing) return; // Esc that cancels an IME composition
      quickExit(event);
    }
  }

  /* ------------------------------------------------------------------ */
  /* Status line                                                          */
  /* ------------------------------------------------------------------ */

  // state: "ok" (nothing to say), "info", "warn", "error"
  function setStatus(kind, text, showRetry) {
    if (!els.status) return;
    if (els.statusBar) els.statusBar.setAttribute("data-state", kind);
    if (els.status.textContent !== text) els.status.textContent = text;
    if (els.retry) els.retry.hidden = !showRetry;
  }

  /* ------------------------------------------------------------------ */
  /* Rendering                                                            */
  /* ------------------------------------------------------------------ */

  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

  // Appends text to parent, turning http(s) URLs into links. Never uses innerHTML.
  function appendRichText(parent, text) {
    var last = 0;
    var match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      var raw = match[0];
      // Do not swallow trailing punctuation into the link.
      var trimmed = raw.replace(/[.,;:!?)\]}'"]+$/, "");
      var href = safeHttpUrl(trimmed);
      if (!href || !trimmed) continue;
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      var a = document.createElement("a");
      a.href = href;
      a.rel = "noopener noreferrer";
      a.textContent = trimmed;
      parent.appendChild(a);
      last = match.index + trimmed.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  // Disables every button group currently in the transcript. If a user
  // message matches one of the choices, that choice is marked as chosen.
  function retireChoices(chosenTitle) {
    var groups = els.transcript.querySelectorAll(".choices:not(.choices-used)");
    for (var g = 0; g < groups.length; g++) {
      var buttons = groups[g].querySelectorAll(".choice");
      for (var b = 0; b < buttons.length; b++) {
        if (chosenTitle !== undefined && buttons[b].textContent === chosenTitle) {
          buttons[b].classList.add("chosen");
        }
        buttons[b].disabled = true;
      }
      groups[g].classList.add("choices-used");
    }
  }

  function renderChoices(container, buttons) {
    var group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choose an option");
    buttons.forEach(function (button) {
      var el = document.createElement("button");
      el.type = "button";
      el.className = "choice";
      el.textContent = button.title;
      el.setAttribute("data-payload", button.payload);
      el.addEventListener("click", function (event) {
        if (el.disabled || state.exiting) return;
        sendUserMessage(button.title, button.payload);
        // Focus went with the disabled button; for keyboard users (click
        // fired by Enter/Space has detail 0) continue in the message box.
        if (event.detail === 0 && els.message) els.message.focus();
      });
      group.appendChild(el);
    });
    container.appendChild(group);
  }

  function renderEntry(entry) {
    if (entry.from === "user") {
      retireChoices(entry.text);
    } else if (entry.buttons.length) {
      retireChoices();
    }

    var msg = document.createElement("div");
    msg.className = entry.from === "user" ? "msg msg-user" : "msg msg-bot";

    var speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = entry.from === "user" ? USER_PREFIX : BOT_PREFIX;
    msg.appendChild(speaker);

    if (entry.text) {
      var body = document.createElement("p");
      body.className = "msg-text";
      appendRichText(body, entry.text);
      msg.appendChild(body);
    }

    if (entry.from === "bot" && entry.buttons.length) {
      renderChoices(msg, entry.buttons);
    }

    els.transcript.appendChild(msg);
    return msg;
  }

  function scrollToBottom() {
    var c = els.chat;
    if (c) c.scrollTop = c.scrollHeight;
  }

  // Scrolls to the newest content, but never past the start of `el`, so
  // the beginning of a long bot message stays in view.
  function scrollToShow(el) {
    var c = els.chat;
    if (!c) return;
    var bottom = c.scrollHeight - c.clientHeight;
    var target = bottom;
    if (el) {
      var elTop = el.getBoundingClientRect().top - c.getBoundingClientRect().top + c.scrollTop - 8;
      if (elTop < target) target = elTop;
    }
    if (target > c.scrollTop) c.scrollTop = target;
  }

  /* ------------------------------------------------------------------ */
  /* Transcript data                                                      */
  /* ------------------------------------------------------------------ */

  function normaliseButtons(list) {
    var out = [];
    if (!Array.isArray(list)) return out;
    for (var i = 0; i < list.length && out.length < MAX_BUTTONS; i++) {
      var b = list[i];
      if (!b || typeof b !== "object") continue;
      // Quick replies of other kinds (location, phone number...) are not supported.
      if (b.content_type !== undefined && b.content_type !== "text") continue;
      var title = typeof b.title === "string" ? b.title.trim() : "";
      var payload = typeof b.payload === "string" ? b.payload : "";
      if (!title && !payload) continue;
      out.push({ title: title || payload, payload: payload || title });
    }
    return out;
  }

  function normaliseEntry(raw) {
    if (!raw || typeof raw !== "object") return null;
    var from = raw.from === "user" ? "user" : raw.from === "bot" ? "bot" : null;
    if (!from) return null;
    var text = typeof raw.text === "string" ? raw.text : "";
    var buttons = from === "bot" ? normaliseButtons(raw.buttons) : [];
    if (!text && !buttons.length) return null;
    return { from: from, text: text, buttons: buttons };
  }

  function saveTranscript() {
    if (state.exiting) return;
    if (state.transcript.length > MAX_STORED_ENTRIES) {
      state.transcript = state.transcript.slice(-MAX_STORED_ENTRIES);
    }
    var data = state.transcript;
    // If storage is full, keep the most recent part of the conversation.
    while (!store.set(KEYS.transcript, JSON.stringify(data)) && data.length > 1) {
      data = data.slice(Math.ceil(data.length / 2));
    }
  }

  function savePending() {
    if (state.pending.length) {
      store.set(KEYS.pending, JSON.stringify(state.pending));
    } else {
      store.remove(KEYS.pending);
    }
  }

  function addEntry(entry) {
    if (state.exiting) return null;
    state.transcript.push(entry);
    var el = renderEntry(entry);
    saveTranscript();
    return el;
  }

  function restore() {
    state.sessionId = store.get(KEYS.session) || null;
    state.greeted = store.get(KEYS.greeted) === "1";

    var pending = store.getJSON(KEYS.pending);
    if (Array.isArray(pending)) {
      state.pending = pending.filter(function (p) {
        return typeof p === "string" && p.length > 0;
      });
    }

    var saved = store.getJSON(KEYS.transcript);
    if (Array.isArray(saved)) {
      saved.forEach(function (raw) {
        var entry = normaliseEntry(raw);
        if (!entry) return;
        state.transcript.push(entry);
        renderEntry(entry);
      });
    }
    scrollToBottom();
  }

  /* ------------------------------------------------------------------ */
  /* Typing indicator                                                     */
  /* ------------------------------------------------------------------ */

  function showTyping() {
    if (!els.typing || state.exiting) return;
    els.typing.hidden = false;
    scrollToBottom();
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
  }

  function hideTyping() {
    clearTimeout(state.typingTimer);
    if (els.typing) els.typing.hidden = true;
  }

  /* ------------------------------------------------------------------ */
  /* Sending                                                              */
  /* ------------------------------------------------------------------ */

  function canSend() {
    return !!(state.socket && state.socket.connected && state.sessionReady && state.sessionId);
  }

  function emitMessage(text) {
    state.socket.emit("user_uttered", { message: text, session_id: state.sessionId });
    showTyping();
  }

  // Shows `displayText` as the user's message and sends `messageText`.
  function sendUserMessage(displayText, messageText) {
    if (state.exiting) return;
    var el = addEntry({ from: "user", text: displayText, buttons: [] });
    scrollToShow(el);
    if (canSend()) {
      emitMessage(messageText);
    } else {
      state.pending.push(messageText);
      savePending();
      if (!state.config || !state.socket) {
        setStatus(
          "error",
          "Your message has not been sent: the chat is not connected. It will be sent when the chat connects.",
          true
        );
      } else {
        setStatus("warn", "Not connected yet. Your message will be sent when the connection is back.");
      }
    }
  }

  function flushPending() {
    while (state.pending.length && canSend()) {
      emitMessage(state.pending.shift());
    }
    savePending();
  }

  function onSubmit(event) {
    event.preventDefault();
    if (state.exiting) return;
    var text = (els.message.value || "").trim();
    if (!text) {
      els.message.value = "";
      els.message.focus();
      return;
    }
    if (text.length > MAX_MESSAGE_LENGTH) text = text.slice(0, MAX_MESSAGE_LENGTH);
    els.message.value = "";
    sendUserMessage(text, text);
    els.message.focus();
  }

  /* ------------------------------------------------------------------ */
  /* Receiving                                                            */
  /* ------------------------------------------------------------------ */

  function describeAttachment(att) {
    if (!att) return "";
    if (typeof att === "string") {
      var direct = safeHttpUrl(att);
      return direct ? "Attachment: " + direct : "";
    }
    if (typeof att !== "object") return "";
    var payload = att.payload && typeof att.payload === "object" ? att.payload : {};
    var url = safeHttpUrl(payload.src) || safeHttpUrl(payload.url) || safeHttpUrl(att.src) || safeHttpUrl(att.url);
    if (!url) return "";
    return (att.type === "image" ? "Image: " : "Attachment: ") + url;
  }

  function onBotUttered(data) {
    if (state.exiting) return;
    if (typeof data === "string") data = { text: data };
    if (!data || typeof data !== "object") return;

    var text = typeof data.text === "string" ? data.text : "";
    var buttons = normaliseButtons(data.quick_replies).concat(normaliseButtons(data.buttons));
    var attachment = describeAttachment(data.attachment);
    if (attachment) text = text ? text + "\n" + attachment : attachment;

    hideTyping();
    if (!text && !buttons.length) return;

    var el = addEntry({ from: "bot", text: text, buttons: buttons.slice(0, MAX_BUTTONS) });
    scrollToShow(el);
  }

  /* ------------------------------------------------------------------ */
  /* Connection                                                           */
  /* ------------------------------------------------------------------ */

  function onSessionConfirm(data) {
    if (state.exiting) return;
    var id = typeof data === "string" ? data : data && typeof data === "object" ? data.session_id : null;
    if (typeof id !== "string" || !id) return;

    state.sessionId = id;
    state.sessionReady = true;
    state.everConnected = true;
    store.set(KEYS.session, id);
    setStatus("ok", "");

    if (!state.greeted) {
      // New conversation: ask the bot for its greeting and menu. Not shown.
      state.greeted = true;
      store.set(KEYS.greeted, "1");
      emitMessage(GREET_MESSAGE);
    }
    flushPending();
  }

  function connectSocket() {
    if (state.exiting) return;
    if (typeof window.io !== "function") {
      setStatus(
        "error",
        "Sorry, the chat could not start (a file failed to load). Please reload the page or try again later. If it's not an emergency you can call 101. In an emergency call 999.",
        true
      );
      return;
    }
    if (state.socket) {
      if (!state.socket.connected) state.socket.connect();
      return;
    }

    setStatus("info", "Connecting to the police assistant…");

    var socket = window.io(state.config.socketUrl, {
      path: state.config.socketPath,
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 15000
    });
    state.socket = socket;

    socket.on("connect", function () {
      if (state.exiting) return;
      state.sessionReady = false;
      setStatus("info", "Connected. Starting your chat…");
      socket.emit("session_request", { session_id: state.sessionId || null });
    });

    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", onBotUttered);

    socket.on("disconnect", function (reason) {
      state.sessionReady = false;
      hideTyping();
      if (state.exiting) return;
      if (reason === "io client disconnect") return;
      setStatus("warn", "Connection lost. Trying to reconnect… Your conversation is kept in this tab.");
      // The server closed the connection on purpose: socket.io will not
      // retry by itself, so ask again after a pause.
      if (reason === "io server disconnect") {
        setTimeout(function () {
          if (!state.exiting && state.socket === socket && !socket.connected) socket.connect();
        }, 3000);
      }
    });

    socket.on("connect_error", function () {
      if (state.exiting) return;
      setStatus(
        "error",
        (state.everConnected ? "Connection lost. " : "") +
          "We can't reach the chat service right now. Trying again… If it's not an emergency you can also call 101. In an emergency call 999.",
        true
      );
      // Not retried automatically (e.g. refused by the server): try later.
      if (!socket.active) {
        setTimeout(function () {
          if (!state.exiting && state.socket === socket && !socket.connected) socket.connect();
        }, 5000);
      }
    });

    if (socket.io && typeof socket.io.on === "function") {
      socket.io.on("reconnect_attempt", function (attempt) {
        if (state.exiting) return;
        setStatus("warn", "Reconnecting to the chat… (attempt " + attempt + ")", true);
      });
    }
  }

  function retry() {
    if (state.exiting) return;
    if (!state.config) {
      loadConfig();
    } else {
      connectSocket();
    }
  }

  /* ------------------------------------------------------------------ */
  /* Configuration                                                        */
  /* ------------------------------------------------------------------ */

  function normaliseConfig(raw) {
    var cfg = raw && typeof raw === "object" ? raw : {};
    // Passed on as written (only checked to be an http(s) URL).
    var socketUrl = safeHttpUrl(cfg.socketUrl) ? cfg.socketUrl : window.location.origin;
    var socketPath = typeof cfg.socketPath === "string" && cfg.socketPath.charAt(0) === "/" ? cfg.socketPath : DEFAULT_SOCKET_PATH;
    var forceName = typeof cfg.forceName === "string" ? cfg.forceName.trim().slice(0, 80) : "";
    return {
      socketUrl: socketUrl,
      socketPath: socketPath,
      quickExitUrl: safeHttpUrl(cfg.quickExitUrl) || FALLBACK_EXIT_URL,
      forceName: forceName || "Police"
    };
  }

  function applyConfig() {
    var name = state.config.forceName;
    if (els.forceName) els.forceName.textContent = name;
    document.title = name + " non-emergency chat";
  }

  function loadConfig() {
    setStatus("info", "Loading the chat…");
    if (typeof window.fetch !== "function") {
      setStatus("error", "Sorry, this browser can't run the chat. If it's not an emergency you can call 101. In an emergency call 999.");
      return;
    }
    window
      .fetch(CONFIG_URL, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("config HTTP " + response.status);
        return response.json();
      })
      .then(function (raw) {
        if (state.exiting) return;
        state.config = normaliseConfig(raw);
        applyConfig();
        connectSocket();
      })
      .catch(function () {
        if (state.exiting) return;
        setStatus(
          "error",
          "Sorry, the chat can't start: its settings could not be loaded. Please try again later. If it's not an emergency you can call 101. In an emergency call 999.",
          true
        );
      });
  }

  /* ------------------------------------------------------------------ */
  /* Start                                                                */
  /* ------------------------------------------------------------------ */

  function setUpQuickExitHelp() {
    if (!els.help) return;
    if (store.get(KEYS.hintDismissed) === "1") {
      els.help.hidden = true;
      return;
    }
    if (els.helpClose) {
      els.helpClose.addEventListener("click", function (event) {
        els.help.hidden = true;
        store.set(KEYS.hintDismissed, "1");
        if (event.detail === 0 && els.message) els.message.focus();
      });
    }
  }

  function init() {
    els.quickExit = document.getElementById("quick-exit");
    els.transcript = document.getElementById("transcript");
    els.chat = document.getElementById("chat");
    els.typing = document.getElementById("typing");
    els.status = document.getElementById("status");
    els.statusBar = document.getElementById("status-bar");
    els.retry = document.getElementById("retry");
    els.form = document.getElementById("composer");
    els.message = document.getElementById("message");
    els.forceName = document.getElementById("force-name");
    els.help = document.getElementById("quick-exit-help");
    els.helpClose = document.getElementById("quick-exit-help-close");

    // Quick exit first, so it works even if anything below fails.
    if (els.quickExit) els.quickExit.addEventListener("click", quickExit);
    document.addEventListener("keydown", onKeyDown);

    if (!els.transcript || !els.form || !els.message) return;

    els.message.setAttribute("maxlength", String(MAX_MESSAGE_LENGTH));
    els.form.addEventListener("submit", onSubmit);
    if (els.retry) els.retry.addEventListener("click", retry);
    setUpQuickExitHelp();

    restore();
    loadConfig();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
