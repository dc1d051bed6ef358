// Adds a "Chat with us" button to any page; it opens the clinic's chat page in a panel. One line on the website:
//   <script src="https://bot.example/embed.js" defer></script>
// The chat page is loaded only when the button is first pressed, so visitors who never chat cost the bot nothing.
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.backPainBotEmbed) {
    return;
  }
  window.backPainBotEmbed = true;

  var chatUrl = new URL('/', script.src).href;
  var OPEN_KEY = 'backpainbot.embed.open';
  var blue = '#0d5c75';
  var frame = null;

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Chat with us';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'backpainbot-chat');
  Object.assign(button.style, {
    position: 'fixed', right: '20px', bottom: '20px', zIndex: '2147483000',
    padding: '12px 20px', border: '0', borderRadius: '24px', background: blue, color: '#fff',
    font: '600 15px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    boxShadow: '0 4px 14px rgba(0, 0, 0, 0.25)', cursor: 'pointer'
  });

  var panel = document.createElement('div');
  panel.id = 'backpainbot-chat';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Chat with the clinic');
  panel.hidden = true;
  var small = window.matchMedia('(max-width: 480px)').matches;
  Object.assign(panel.style, {
    position: 'fixed', zIndex: '2147483000', background: '#fff', overflow: 'hidden',
    boxShadow: '0 8px 30px rgba(0, 0, 0, 0.3)',
    right: small ? '0' : '20px', bottom: small ? '0' : '80px',
    width: small ? '100%' : '380px', height: small ? '100%' : 'min(620px, calc(100vh - 100px))',
    borderRadius: small ? '0' : '12px'
  });

  var close = document.createElement('button');
  close.type = 'button';
  // Escaped: the script runs in the clinic's page and is decoded in that page's charset, which may not be UTF-8.
  close.textContent = '\u00d7';
  close.setAttribute('aria-label', 'Close the chat');
  Object.assign(close.style, {
    position: 'absolute', top: '8px', right: '8px', width: '32px', height: '32px', border: '0',
    borderRadius: '16px', background: 'rgba(255, 255, 255, 0.9)', color: blue, font: '700 20px/32px sans-serif',
    cursor: 'pointer', zIndex: '1'
  });
  panel.appendChild(close);

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = chatUrl;
      frame.title = 'Chat with the Pain and Injury Clinic of Utah';
      frame.referrerPolicy = 'no-referrer';
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
      Object.assign(frame.style, { width: '100%', height: '100%', border: '0' });
      panel.appendChild(frame);
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    sessionStorage.setItem(OPEN_KEY, '1');
  }

  function hide() {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    sessionStorage.removeItem(OPEN_KEY);
    button.focus();
  }

  button.addEventListener('click', function () { panel.hidden ? open() : hide(); });
  close.addEventListener('click', hide);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) {
      hide();
    }
  });

  document.body.appendChild(panel);
  document.body.appendChild(button);
  if (sessionStorage.getItem(OPEN_KEY)) {
    open();
  }
})();
