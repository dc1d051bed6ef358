// The clinic's chat page: the official Web Chat against this host's own Direct Line. Talks to its own origin only.
// A reload resumes the conversation: the conversation id and the current token are kept in sessionStorage, and
// Web Chat reconnects without a watermark so the server sends the whole history again (a watermark would skip it).
(function () {
  'use strict';

  var STORAGE_KEY = 'backpainbot.webchat';
  var RESUME_FAILED_KEY = 'backpainbot.webchat.resume-failed';
  var DIRECT_LINE = location.origin + '/v3/directline';
  // Tokens about to expire are not worth resuming with: the first request would fail.
  var MIN_TOKEN_LIFE_MS = 60 * 1000;
  // directlinejs' ConnectionStatus.
  var ONLINE = 2;
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;

  var host = document.getElementById('webchat');
  var statusLine = document.getElementById('chat-status');
  var transport = new URLSearchParams(location.search).get('transport');

  function showStatus(text) {
    statusLine.textContent = text;
    statusLine.hidden = false;
  }

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch (e) {
      return null;
    }
  }

  function save(directLine) {
    if (directLine.conversationId && directLine.token) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
        conversationId: directLine.conversationId,
        token: directLine.token,
        watermark: directLine.watermark || ''
      }));
    }
  }

  function tokenExpiresAt(token) {
    try {
      var payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(payload)).exp * 1000;
    } catch (e) {
      return 0;
    }
  }

  function newToken() {
    return fetch(DIRECT_LINE + '/tokens/generate', { method: 'POST', credentials: 'omit', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 429) {
          throw new Error('Too many new chats from this network. Please wait a minute and reload the page.');
        }
        if (!response.ok) {
          throw new Error('The chat is not available right now. Please try again later, or call the clinic.');
        }
        return response.json();
      });
  }

  function startFresh() {
    sessionStorage.removeItem(STORAGE_KEY);
    return newToken().then(function (generated) {
      return { token: generated.token };
    });
  }

  function connection() {
    var saved = load();
    if (saved && !sessionStorage.getItem(RESUME_FAILED_KEY) && tokenExpiresAt(saved.token) - Date.now() > MIN_TOKEN_LIFE_MS) {
      return Promise.resolve({ token: saved.token, conversationId: saved.conversationId, resuming: true });
    }
    sessionStorage.removeItem(RESUME_FAILED_KEY);
    return startFresh();
  }

  function render(settings) {
    var directLine = window.WebChat.createDirectLine({
      token: settings.token,
      conversationId: settings.conversationId,
      domain: DIRECT_LINE,
      webSocket: transport !== 'polling'
    });

    directLine.connectionStatus$.subscribe(function (status) {
      if (status === ONLINE) {
        sessionStorage.removeItem(RESUME_FAILED_KEY);
        save(directLine);
      } else if (status === EXPIRED_TOKEN) {
        // The token lapsed (a computer asleep past its refresh): it cannot be refreshed, and Web Chat alone would show
        // "reconnecting" for ever. A reload starts a new chat, because the saved token has expired too.
        showStatus('This chat has timed out. Reload the page to start a new chat.');
      } else if (settings.resuming && (status === FAILED_TO_CONNECT || status === ENDED)) {
        // The conversation ended or the token lapsed while the page was away: start a new one, once.
        sessionStorage.setItem(RESUME_FAILED_KEY, '1');
        sessionStorage.removeItem(STORAGE_KEY);
        location.reload();
      }
    });
    directLine.activity$.subscribe(function () { save(directLine); });
    // directlinejs refreshes the token every 15 minutes; keep the newest for the next reload.
    setInterval(function () { save(directLine); }, 60 * 1000);
    window.addEventListener('pagehide', function () { save(directLine); });

    window.WebChat.renderWebChat({
      directLine: directLine,
      locale: 'en-US',
      overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: 'Ask about lower back pain, or type "book"' },
      styleOptions: {
        accent: '#0d5c75',
        backgroundColor: '#ffffff',
        botAvatarInitials: 'PI',
        botAvatarBackgroundColor: '#0d5c75',
        userAvatarInitials: 'You',
        userAvatarBackgroundColor: '#5b6f78',
        bubbleBackground: '#eef4f6',
        bubbleBorderRadius: 10,
        bubbleFromUserBackground: '#0d5c75',
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderRadius: 10,
        hideUploadButton: true,
        primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
        suggestedActionLayout: 'flow',
        // Buttons beyond this scroll: otherwise a welcome's seven buttons fill the embed's panel and hide the welcome.
        suggestedActionsFlowMaxHeight: '30vh'
      }
    }, host);
  }

  if (!window.WebChat) {
    showStatus('The chat could not load. Please try again later, or call the clinic.');
    return;
  }

  connection().then(render).catch(function (error) {
    showStatus(error.message);
  });
})();
