/*
 * Call-handler console: sign-in page.
 *
 * The form is an ordinary HTML form post to /console/login. This script only
 * - shows the outcome of the last attempt (from ?failed=1, ?locked=1, ?out=1),
 * - fetches the login CSRF token and puts it in the hidden input before the
 *   form is sent (a fresh one if the page has been open a while).
 *
 * Nothing is stored in the browser; text is only written with textContent.
 * No inline script or event handlers, so a strict CSP works.
 */
(function () {
  "use strict";

  var TOKEN_URL = "/console/api/login-token";
  // Fetch a new token rather than send one this old.
  var TOKEN_MAX_AGE_MS = 10 * 60 * 1000;

  var MESSAGES = {
    failed: { kind: "error", text: "Wrong username or password, or the account is locked for a while." },
    locked: {
      kind: "error",
      text: "This account is locked for a while after too many wrong passwords. Try again later or ask a supervisor."
    },
    out: { kind: "info", text: "You have signed out." }
  };

  var els = {};
  var token = { value: "", fetchedAt: 0, pending: null };
  var submitting = false;

  function now() {
    return Date.now();
  }

  function say(kind, text) {
    if (!els.message) return;
    els.message.setAttribute("data-kind", text ? kind : "none");
    els.message.textContent = text || "";
  }

  function messageFromAddress() {
    var params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (e) {
      return null;
    }
    if (params.get("locked") === "1") return MESSAGES.locked;
    if (params.get("failed") === "1") return MESSAGES.failed;
    if (params.get("out") === "1") return MESSAGES.out;
    return null;
  }

  function tokenIsFresh() {
    return !!token.value && now() - token.fetchedAt < TOKEN_MAX_AGE_MS;
  }

  // Resolves with the token, or rejects if it could not be fetched.
  function fetchToken() {
    if (token.pending) return token.pending;
    if (typeof window.fetch !== "function") return Promise.reject(new Error("no fetch"));
    token.pending = window
      .fetch(TOKEN_URL, {
        method: "GET",
        cache: "no-store",
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var value = data && typeof data.csrf_token === "string" ? data.csrf_token : "";
        if (!value) throw new Error("no token");
        token.value = value;
        token.fetchedAt = now();
        if (els.csrf) els.csrf.value = value;
        return value;
      });
    token.pending.then(
      function () {
        token.pending = null;
      },
      function () {
        token.pending = null;
      }
    );
    return token.pending;
  }

  function setBusy(busy) {
    submitting = busy;
    if (els.button) {
      els.button.disabled = busy;
      els.button.textContent = busy ? "Signing in…" : "Sign in";
    }
  }

  function onSubmit(event) {
    if (submitting) {
      event.preventDefault();
      return;
    }
    if (tokenIsFresh()) {
      els.csrf.value = token.value;
      setBusy(true);
      return; // let the browser post the form
    }
    event.preventDefault();
    setBusy(true);
    fetchToken().then(
      function () {
        // form.submit() does not fire "submit" again, so this goes straight out.
        els.form.submit();
      },
      function () {
        setBusy(false);
        say("error", "The sign-in service could not be reached. Check your connection and try again.");
      }
    );
  }

  function onPageShow(event) {
    // Back to this page from the history cache: start again with a new token.
    if (event && event.persisted) {
      setBusy(false);
      token.value = "";
      if (els.csrf) els.csrf.value = "";
      if (els.password) els.password.value = "";
      fetchToken().catch(function () {
        /* tried again on submit */
      });
    }
  }

  function init() {
    els.form = document.getElementById("login-form");
    els.csrf = document.getElementById("csrf_token");
    els.username = document.getElementById("username");
    els.password = document.getElementById("password");
    els.button = document.getElementById("login");
    els.message = document.getElementById("login-message");
    if (!els.form || !els.csrf) return;

    var message = messageFromAddress();
    if (message) say(message.kind, message.text);
    if (message === MESSAGES.failed || message === MESSAGES.locked) {
      if (els.password) els.password.value = "";
    }

    els.form.addEventListener("submit", onSubmit);
    window.addEventListener("pageshow", onPageShow);

    fetchToken().catch(function () {
      /* tried again on submit, with a message if it still fails */
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
