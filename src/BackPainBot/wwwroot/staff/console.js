// The staff console: the queue, live through server-sent events; a handoff's details, transcript, notes and audit
// trail; status changes; and live takeover of the patient's chat. Talks to its own origin only. Patient text is only
// ever put in the page as text, never as HTML.
(function () {
  'use strict';

  var API = '/staff/api';
  var ACTIONS = { claimed: 'Claim', contacted: 'Mark contacted', booked: 'Mark booked', closed: 'Close', 'new': 'Release' };
  var LEVELS = { emergency: 'Emergency', urgent: 'Urgent', routine: 'Routine', none: 'Booking' };

  var me = null;
  var selectedId = null;
  var detail = null;
  var events = null;
  var queueTimer = null;
  var detailTimer = null;
  var seen = {};

  var queueList = document.getElementById('queue');
  var detailPane = document.getElementById('detail');
  var liveStatus = document.getElementById('live');
  var showAll = document.getElementById('show-all');
  var toast = document.getElementById('toast');

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') {
        node.textContent = attributes[name];
      } else if (name === 'className') {
        node.className = attributes[name];
      } else if (name.indexOf('on') === 0) {
        node.addEventListener(name.slice(2), attributes[name]);
      } else if (attributes[name] !== null && attributes[name] !== undefined && attributes[name] !== false) {
        node.setAttribute(name, attributes[name] === true ? '' : attributes[name]);
      }
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function showError(message) {
    toast.textContent = message;
    toast.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(function () { toast.hidden = true; }, 6000);
  }

  function request(method, path, body) {
    var options = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method !== 'GET') {
      options.headers['Content-Type'] = 'application/json';
      options.headers['X-Staff-Request'] = '1';
      options.body = JSON.stringify(body || {});
    }
    return fetch(API + path, options).then(function (response) {
      if (response.status === 401) {
        location.assign('/staff/signin');
        throw new Error('Signed out.');
      }
      if (response.status === 204) {
        return null;
      }
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var error = new Error(json.error || ('The request failed (' + response.status + ').'));
          error.status = response.status;
          throw error;
        }
        return json;
      });
    });
  }

  function formatTime(iso) {
    if (!iso) {
      return '';
    }
    var date = new Date(iso);
    return date.toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  }

  function age(iso) {
    var minutes = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
    if (minutes < 1) {
      return 'just now';
    }
    if (minutes < 60) {
      return minutes + ' min ago';
    }
    var hours = Math.round(minutes / 60);
    return hours < 48 ? hours + ' h ago' : Math.round(hours / 24) + ' days ago';
  }

  function contactLine(contact) {
    if (!contact) {
      return 'No contact details yet';
    }
    return [contact.name, contact.phone, contact.email].filter(Boolean).join(' · ');
  }

  function badge(level) {
    return el('span', { className: 'badge level-' + level, text: LEVELS[level] || level });
  }

  // The queue.

  function loadQueue() {
    return request('GET', '/handoffs' + (showAll.checked ? '?all=true' : '')).then(renderQueue).catch(function (e) {
      showError(e.message);
    });
  }

  function scheduleQueue() {
    clearTimeout(queueTimer);
    queueTimer = setTimeout(loadQueue, 150);
  }

  function renderQueue(handoffs) {
    queueList.replaceChildren();
    document.getElementById('queue-count').textContent = '(' + handoffs.length + ')';
    document.getElementById('queue-empty').hidden = handoffs.length > 0;
    handoffs.forEach(function (h) {
      var fresh = !seen[h.id];
      seen[h.id] = true;
      var item = el('li', { 'data-id': h.id, 'data-status': h.status, className: 'queue-item' + (h.id === selectedId ? ' selected' : '') + (fresh && queueList.dataset.loaded ? ' fresh' : '') }, [
        el('button', { type: 'button', onclick: function () { select(h.id); } }, [
          el('div', { className: 'row' }, [
            badge(h.level),
            el('span', { className: 'status status-' + h.status, text: h.status }),
            h.takeoverBy ? el('span', { className: 'pill live-pill', text: 'In chat: ' + h.takeoverBy }) : null,
            h.notificationStatus === 'failed' ? el('span', { className: 'pill failed', text: 'Notification failed' }) : null,
            el('span', { className: 'age', text: age(h.createdAt) })
          ]),
          el('div', { className: 'contact', text: contactLine(h.contact) }),
          h.flags.length ? el('div', { className: 'flags', text: h.flags.join(', ') }) : null,
          h.claimedBy ? el('div', { className: 'muted small', text: 'Claimed by ' + h.claimedBy }) : null
        ])
      ]);
      queueList.appendChild(item);
    });
    queueList.dataset.loaded = '1';
  }

  // One handoff.

  function select(id) {
    selectedId = id;
    detail = null;
    Array.prototype.forEach.call(queueList.children, function (item) {
      item.classList.toggle('selected', item.getAttribute('data-id') === id);
    });
    detailPane.replaceChildren(el('p', { className: 'muted', text: 'Loading…' }));
    // Watching the handoff gets its live transcript lines; the details load once the stream is open.
    connect(id);
  }

  function loadDetail() {
    if (!selectedId) {
      return Promise.resolve();
    }
    var id = selectedId;
    return request('GET', '/handoffs/' + id).then(function (loaded) {
      if (id === selectedId) {
        detail = loaded;
        renderDetail();
      }
    }).catch(function (e) {
      showError(e.message);
    });
  }

  function scheduleDetail() {
    clearTimeout(detailTimer);
    detailTimer = setTimeout(loadDetail, 150);
  }

  function change(to) {
    var h = detail.handoff;
    request('POST', '/handoffs/' + h.id + '/status', { from: h.status, to: to }).catch(function (e) {
      showError(e.message);
    }).then(function () {
      loadDetail();
      loadQueue();
    });
  }

  function transcriptItem(entry) {
    return el('li', { className: 'line from-' + entry.from }, [
      el('span', { className: 'who', text: entry.from === 'patient' ? 'Patient' : entry.from === 'staff' ? 'Staff' : 'Bot' }),
      el('span', { className: 'when', text: formatTime(entry.timestamp) }),
      el('div', { className: 'text', text: entry.text })
    ]);
  }

  function lineKey(entry) {
    return entry.timestamp + '|' + entry.from + '|' + entry.text;
  }

  function addLine(entry) {
    if (!detail) {
      return;
    }
    var keys = detail.transcript.map(lineKey);
    if (keys.indexOf(lineKey(entry)) >= 0) {
      return;
    }
    detail.transcript.push(entry);
    var list = document.getElementById('transcript');
    if (list) {
      list.appendChild(transcriptItem(entry));
      list.scrollTop = list.scrollHeight;
    }
  }

  function fact(label, value) {
    return [el('dt', { text: label }), el('dd', { text: value || '—' })];
  }

  // A date and time when the patient gave one; otherwise what they said. A handoff whose patient was never asked (or
  // recorded before the difference was kept) says so rather than "As soon as possible".
  function preferredTime(h) {
    if (h.preferredTime) {
      return formatTime(h.preferredTime);
    }
    if (h.timePreference === 'asap') {
      return 'As soon as possible';
    }
    if (h.timePreference === 'no-preference') {
      return 'No preference given';
    }
    return 'Not given';
  }

  function renderDetail() {
    var h = detail.handoff;
    var mine = h.claimedBy && me && h.claimedBy.toLowerCase() === me.userName.toLowerCase();
    var takeover = detail.takeover;
    var inChat = takeover && me && takeover.staffName.toLowerCase() === me.userName.toLowerCase();

    var facts = el('dl', { className: 'facts' }, [].concat(
      fact('Red flags', h.flags.join(', ')),
      fact('Reason', h.reason),
      fact('Name', h.contact && h.contact.name),
      fact('Phone', h.contact && h.contact.phone),
      fact('Email', h.contact && h.contact.email),
      fact('Preferred time', preferredTime(h)),
      fact('Status', h.status + (h.claimedBy ? ' (' + h.claimedBy + ')' : '')),
      fact('Recorded', formatTime(h.createdAt) + ' · ' + h.channel),
      fact('Notification', h.notificationStatus === 'failed' ? 'FAILED: call the patient' : h.notificationStatus)
    ));
    if (detail.question) {
      facts.appendChild(el('dt', { text: 'Question' }));
      facts.appendChild(el('dd', { text: detail.question }));
    }

    var actions = el('div', { className: 'actions' }, detail.next.map(function (to) {
      return el('button', { type: 'button', className: to === 'claimed' ? 'primary' : '', onclick: function () { change(to); } , text: ACTIONS[to] || to });
    }));

    var chat = el('section', { className: 'takeover', 'aria-label': 'Live chat' }, [el('h3', { text: 'Live chat' })]);
    if (!h.canTakeOver) {
      chat.appendChild(el('p', { className: 'muted', text: h.transcriptPurgedAt ? 'The conversation is no longer kept.' : 'There is no chat to join for this handoff.' }));
    } else if (inChat) {
      var box = el('textarea', { id: 'takeover-text', rows: '2', maxlength: '2000', placeholder: 'Message to the patient', 'aria-label': 'Message to the patient' });
      var send = function () {
        var text = box.value.trim();
        if (!text) {
          return;
        }
        box.disabled = true;
        request('POST', '/handoffs/' + h.id + '/takeover/messages', { text: text }).then(function () {
          box.value = '';
          var current = document.getElementById('takeover-text');
          if (current && current.value === text) {
            current.value = '';
          }
        }).catch(function (e) {
          showError(e.message);
        }).then(function () {
          box.disabled = false;
          box.focus();
        });
      };
      box.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          send();
        }
      });
      chat.appendChild(el('p', { className: 'live-note', text: 'You are talking to the patient. The bot is quiet until you end the chat.' }));
      chat.appendChild(box);
      chat.appendChild(el('div', { className: 'actions' }, [
        el('button', { type: 'button', className: 'primary', text: 'Send', onclick: send }),
        el('button', { type: 'button', text: 'End chat', onclick: function () {
          request('POST', '/handoffs/' + h.id + '/takeover/end').catch(function (e) { showError(e.message); }).then(loadDetail);
        } })
      ]));
    } else if (takeover) {
      chat.appendChild(el('p', { className: 'muted', text: takeover.staffName + ' is talking to the patient.' }));
    } else if (mine) {
      chat.appendChild(el('button', { type: 'button', className: 'primary', text: 'Join chat', onclick: function () {
        request('POST', '/handoffs/' + h.id + '/takeover').catch(function (e) { showError(e.message); }).then(loadDetail);
      } }));
    } else {
      chat.appendChild(el('p', { className: 'muted', text: 'Claim the handoff to talk to the patient in their chat.' }));
    }

    var transcript = el('ol', { id: 'transcript', className: 'transcript' }, detail.transcript.map(transcriptItem));
    if (!detail.transcript.length) {
      transcript.appendChild(el('li', { className: 'muted', text: h.transcriptPurgedAt ? 'Removed by retention on ' + formatTime(h.transcriptPurgedAt) + '.' : 'No messages.' }));
    }

    var noteText = el('textarea', { id: 'note-text', rows: '2', maxlength: '2000', placeholder: 'Add a note for colleagues', 'aria-label': 'Note' });
    var notes = el('section', { className: 'notes' }, [
      el('h3', { text: 'Notes' }),
      el('ul', {}, detail.notes.map(function (n) {
        return el('li', {}, [el('span', { className: 'who', text: n.author }), el('span', { className: 'when', text: formatTime(n.at) }), el('div', { className: 'text', text: n.text })]);
      })),
      noteText,
      el('button', { type: 'button', text: 'Add note', onclick: function () {
        var text = noteText.value.trim();
        if (text) {
          request('POST', '/handoffs/' + h.id + '/notes', { text: text }).then(function () {
            noteText.value = '';
            return loadDetail();
          }).catch(function (e) { showError(e.message); });
        }
      } })
    ]);

    var audit = el('section', { className: 'audit' }, [
      el('h3', { text: 'Audit trail' }),
      el('ul', {}, [el('li', { text: formatTime(h.createdAt) + ' · recorded by the bot (new)' })].concat(detail.events.map(function (e) {
        var what = e.kind === 'status' ? e.fromStatus + ' → ' + e.toStatus
          : e.kind === 'note' ? 'added a note'
          : e.kind === 'takeover-started' ? 'joined the chat'
          : e.kind === 'takeover-ended' ? 'ended the chat of ' + e.detail
          : e.kind === 'transcript-purged' ? 'removed the transcript (retention)'
          : e.kind;
        return el('li', { text: formatTime(e.at) + ' · ' + e.actor + ': ' + what });
      })))
    ]);

    // A refresh (someone else's change, a new red flag) must not throw away what staff are typing.
    var typing = {};
    ['takeover-text', 'note-text'].forEach(function (id) {
      var box = document.getElementById(id);
      if (box) {
        typing[id] = { value: box.value, focused: document.activeElement === box };
      }
    });

    detailPane.replaceChildren(
      el('header', { className: 'detail-head' }, [badge(h.level), el('h2', { text: contactLine(h.contact) })]),
      facts, actions, chat,
      el('section', { className: 'conversation' }, [el('h3', { text: 'Conversation' }), transcript]),
      notes, audit);

    Object.keys(typing).forEach(function (id) {
      var box = document.getElementById(id);
      if (box) {
        box.value = typing[id].value;
        if (typing[id].focused) {
          box.focus();
        }
      }
    });

    if (me && me.role === 'admin') {
      request('GET', '/handoffs/' + h.id + '/views').then(function (views) {
        detailPane.appendChild(el('section', { className: 'audit' }, [
          el('h3', { text: 'Transcript views' }),
          el('ul', {}, views.slice(0, 50).map(function (v) { return el('li', { text: formatTime(v.at) + ' · ' + v.viewer + ' (' + v.via + ')' }); }))
        ]));
      }).catch(function () {});
    }
    transcript.scrollTop = transcript.scrollHeight;
  }

  // Live updates: one event stream, watching the open handoff.

  function connect(watch) {
    if (events) {
      events.close();
    }
    liveStatus.textContent = 'Connecting…';
    liveStatus.className = 'live';
    events = new EventSource(API + '/events' + (watch ? '?watch=' + encodeURIComponent(watch) : ''));
    events.addEventListener('ready', function () {
      liveStatus.textContent = 'Live';
      liveStatus.className = 'live on';
      loadQueue();
      loadDetail();
    });
    events.addEventListener('handoff', function (event) {
      scheduleQueue();
      if (JSON.parse(event.data).id === selectedId) {
        scheduleDetail();
      }
    });
    events.addEventListener('transcript', function (event) {
      var data = JSON.parse(event.data);
      if (data.id === selectedId) {
        // Without the entry the line was said on another instance: reload the handoff to show it.
        if (data.entry) {
          addLine(data.entry);
        } else {
          scheduleDetail();
        }
      }
    });
    events.addEventListener('error', function () {
      liveStatus.textContent = 'Reconnecting…';
      liveStatus.className = 'live off';
      if (events.readyState === EventSource.CLOSED) {
        // A signed-out console gets 401 on the stream; /me sends it to sign in, otherwise try again.
        request('GET', '/me').then(function () { setTimeout(function () { connect(selectedId); }, 2000); }).catch(function () {});
      }
    });
  }

  showAll.addEventListener('change', loadQueue);
  document.getElementById('signout').addEventListener('click', function () {
    request('POST', '/signout').then(function () { location.assign('/staff/signin'); });
  });
  // Ages in the queue move on even when nothing happens.
  setInterval(loadQueue, 60000);

  request('GET', '/me').then(function (user) {
    me = user;
    document.getElementById('me').textContent = user.userName + (user.role === 'admin' ? ' (admin)' : '');
    connect(null);
  }).catch(function (e) {
    showError(e.message);
  });
})();
