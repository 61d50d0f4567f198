/* tuilink's link-initialize.js: Plaid's web SDK (window.Plaid) over a `tuilink serve` instance.
 *
 * Served by `tuilink serve` at /link/v2/stable/link-initialize.js with the server's own address written in
 * below, so a test can answer Plaid's CDN URL with this file and leave the app and its <script> tag as they are.
 *
 * Plaid.create(config) checks the link token with the server (onLoad once it has answered); open() shows Link
 * as an overlay iframe holding tuilink's own UI for that token, whose page hands every onEvent, then onSuccess
 * or onExit, to this window with postMessage. At an OAuth bank, when the link token has a redirect_uri, Link
 * sends the page there (with oauth_state_id); Plaid.create({token, receivedRedirectUri}) there carries on.
 * The callbacks get Plaid's arguments: onEvent(eventName,
 * metadata), onSuccess(public_token, metadata), onExit(error, metadata).
 */
(function (window, document) {
  "use strict";

  var SERVER = __TUILINK_SERVER__;
  var LINK_PAGE = SERVER + "/link/web/";
  var OVERLAY_ID = "tuilink-link-overlay";

  function call(callback, args) {
    // A callback that throws is the app's bug: rethrown on its own, so Link goes on.
    if (typeof callback !== "function") return;
    try {
      callback.apply(null, args);
    } catch (error) {
      setTimeout(function () { throw error; });
    }
  }

  function serverError(message) {
    return {
      error: {error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR", error_message: message,
              display_message: null},
      metadata: {institution: null, status: null, link_session_id: null, request_id: null}
    };
  }

  function create(config) {
    config = config || {};
    var token = typeof config.token === "string" ? config.token : "";
    var state = {
      loaded: false, openWhenLoaded: false, check: null, overlay: null, frame: null,
      calledBack: false, destroyed: false, exitCallbacks: []
    };

    var check = SERVER + "/link/web/check?token=" + encodeURIComponent(token);
    fetch(check, {credentials: "omit"})
      .then(function (response) { return response.json(); })
      .catch(function () {
        return {exit: serverError("tuilink serve at " + SERVER + " did not answer, or does not allow this " +
                                  "page's origin (start it with --allow-remote)")};
      })
      .then(function (answer) {
        if (state.destroyed) return;
        state.check = answer;
        state.loaded = true;
        call(config.onLoad, []);
        if (state.openWhenLoaded) open();
      });

    function receive(message) {
      if (message.kind === "event") {
        call(config.onEvent, [message.event_name, message.metadata]);
      } else if (message.kind === "callback") {
        state.calledBack = true;
        close();
        if (message.callback === "onSuccess") {
          call(config.onSuccess, [message.public_token, message.metadata]);
        } else {
          call(config.onExit, [message.error, message.metadata]);
        }
        var callbacks = state.exitCallbacks;
        state.exitCallbacks = [];
        callbacks.forEach(function (callback) { call(callback, []); });
      } else if (message.kind === "redirect") {
        // An OAuth bank: Link leaves the page for it, and the bank sends the user back to the link token's
        // redirect_uri, where the app calls Plaid.create again with receivedRedirectUri to carry on.
        state.calledBack = true;
        close();
        window.location.assign(message.url);
      } else if (message.kind === "closed" && !state.calledBack && state.overlay) {
        close();
        var failed = serverError("Link closed without calling back (see tuilink serve's log)");
        call(config.onExit, [failed.error, failed.metadata]);
      }
    }

    function listener(event) {
      var data = event.data;
      if (!state.frame || event.source !== state.frame.contentWindow || event.origin !== SERVER) return;
      if (data && data.tuilink === 1) receive(data);
    }

    function close() {
      window.removeEventListener("message", listener);
      if (state.overlay && state.overlay.parentNode) state.overlay.parentNode.removeChild(state.overlay);
      state.overlay = null;
      state.frame = null;
    }

    function open() {
      if (state.destroyed || state.overlay) return;
      if (!state.loaded) {
        state.openWhenLoaded = true;
        return;
      }
      state.openWhenLoaded = false;
      if (state.check.exit) {  // a token this server cannot open: Link calls back at once, as Plaid's does
        call(config.onExit, [state.check.exit.error, state.check.exit.metadata]);
        return;
      }
      state.calledBack = false;
      var overlay = document.createElement("div");
      overlay.id = OVERLAY_ID;
      overlay.setAttribute("style", "position:fixed;inset:0;z-index:2147483647;display:flex;" +
        "align-items:center;justify-content:center;background:rgba(0,0,0,0.5)");
      var frame = document.createElement("iframe");
      frame.title = "Plaid Link";
      frame.name = "plaid-link-iframe";
      var src = LINK_PAGE + "?token=" + encodeURIComponent(token) +
        "&origin=" + encodeURIComponent(window.location.origin);
      if (typeof config.receivedRedirectUri === "string" && config.receivedRedirectUri) {
        src += "&received_redirect_uri=" + encodeURIComponent(config.receivedRedirectUri);
      }
      frame.src = src;
      frame.setAttribute("style", "width:min(100vw,760px);height:min(100vh,600px);border:0;" +
        "border-radius:12px;background:transparent;box-shadow:0 8px 40px rgba(0,0,0,0.4)");
      overlay.appendChild(frame);
      state.overlay = overlay;
      state.frame = frame;
      window.addEventListener("message", listener);
      (document.body || document.documentElement).appendChild(overlay);
      frame.addEventListener("load", function () { frame.focus(); });
    }

    function toLink(message) {
      if (state.frame && state.frame.contentWindow) state.frame.contentWindow.postMessage(message, SERVER);
    }

    return {
      open: open,
      exit: function (options, callback) {
        if (typeof options === "function") {
          callback = options;
          options = {};
        }
        options = options || {};
        if (!state.overlay) {
          state.openWhenLoaded = false;
          call(callback, []);
          return;
        }
        if (callback) state.exitCallbacks.push(callback);
        toLink({tuilink: "exit", force: !!options.force});
      },
      destroy: function () {
        state.destroyed = true;
        state.openWhenLoaded = false;
        close();
      },
      submit: function (data) {
        toLink({tuilink: "submit", data: data || {}});
      }
    };
  }

  window.Plaid = {create: create, version: "tuilink"};
})(window, document);
