// A small client for Phoenix Channels (wire format 2.0.0), with the same shape as the
// `phoenix` npm package's Socket/Channel API (that package is not served as a WebJar).
// Reconnects with back-off, rejoins its channels and sends a heartbeat every 30 s.

const HEARTBEAT_MS = 30000;
const BACKOFF_MS = [1000, 2000, 5000, 10000];

class Push {
  constructor() { this.hooks = []; this.received = null; }
  receive(status, callback) {
    if (this.received && this.received.status === status) { callback(this.received.response); }
    this.hooks.push({ status, callback });
    return this;
  }
  resolve(status, response) {
    this.received = { status, response };
    this.hooks.filter(h => h.status === status).forEach(h => h.callback(response));
  }
}

export class Channel {
  constructor(topic, params, socket) {
    this.topic = topic;
    this.params = params || {};
    this.socket = socket;
    this.bindings = [];
    this.joinRef = null;
    this.joinPush = null;
    this.wanted = false;
    this.state = 'closed';
  }
  join() {
    this.wanted = true;
    this.joinPush = new Push();
    this.rejoin();
    return this.joinPush;
  }
  rejoin() {
    if (!this.socket.isConnected()) { return; }
    this.state = 'joining';
    this.joinRef = this.socket.makeRef();
    const push = this.joinPush;
    this.socket.request(this.joinRef, this.joinRef, this.topic, 'phx_join', this.params, (status, response) => {
      this.state = status === 'ok' ? 'joined' : 'errored';
      push.resolve(status, response);
      if (status === 'ok') { this.bindings.filter(b => b.event === 'phx_rejoined').forEach(b => b.callback(response)); }
    });
  }
  leave() {
    this.wanted = false;
    this.state = 'leaving';
    const push = new Push();
    this.socket.request(this.joinRef, this.socket.makeRef(), this.topic, 'phx_leave', {}, (status, response) => {
      this.state = 'closed';
      push.resolve(status, response);
    });
    this.socket.remove(this);
    return push;
  }
  on(event, callback) { this.bindings.push({ event, callback }); }
  trigger(event, payload) { this.bindings.filter(b => b.event === event).forEach(b => b.callback(payload)); }
}

export class Socket {
  constructor(endPoint, opts = {}) {
    this.endPoint = endPoint;
    this.params = opts.params || {};
    this.channels = [];
    this.pending = new Map();
    this.ref = 0;
    this.conn = null;
    this.tries = 0;
    this.openCallbacks = [];
    this.closeCallbacks = [];
    this.heartbeatTimer = null;
    this.everOpened = false;
  }
  makeRef() { this.ref += 1; return String(this.ref); }
  isConnected() { return this.conn !== null && this.conn.readyState === WebSocket.OPEN; }
  onOpen(callback) { this.openCallbacks.push(callback); }
  onClose(callback) { this.closeCallbacks.push(callback); }
  channel(topic, params) {
    const channel = new Channel(topic, params, this);
    this.channels.push(channel);
    return channel;
  }
  remove(channel) { this.channels = this.channels.filter(c => c !== channel); }

  connect() {
    const url = new URL(this.endPoint + '/websocket', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // params may be a function, as in the phoenix package: called again for every reconnect
    const params = typeof this.params === 'function' ? this.params() : this.params;
    Object.entries(params).forEach(([key, value]) => url.searchParams.set(key, value));
    url.searchParams.set('vsn', '2.0.0');
    const conn = new WebSocket(url.toString());
    this.conn = conn;
    conn.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.tries = 0;
      this.heartbeatTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
      this.channels.filter(c => c.wanted).forEach(c => c.rejoin());
      this.openCallbacks.forEach(cb => cb({ reconnected }));
    };
    conn.onmessage = event => this.receive(event.data);
    conn.onclose = () => {
      clearInterval(this.heartbeatTimer);
      this.pending.clear();
      this.channels.forEach(c => { c.state = 'errored'; });
      this.closeCallbacks.forEach(cb => cb());
      const delay = BACKOFF_MS[Math.min(this.tries, BACKOFF_MS.length - 1)];
      this.tries += 1;
      setTimeout(() => { if (this.conn === conn) { this.connect(); } }, delay);
    };
  }

  request(joinRef, ref, topic, event, payload, onReply) {
    if (!this.isConnected()) { return; }
    this.pending.set(ref, onReply);
    this.conn.send(JSON.stringify([joinRef, ref, topic, event, payload]));
  }

  heartbeat() {
    this.request(null, this.makeRef(), 'phoenix', 'heartbeat', {}, () => {});
  }

  receive(text) {
    let frame;
    try { frame = JSON.parse(text); } catch (e) { return; }
    if (!Array.isArray(frame) || frame.length !== 5) { return; }
    const [joinRef, ref, topic, event, payload] = frame;
    if (event === 'phx_reply' && ref !== null && this.pending.has(ref)) {
      const onReply = this.pending.get(ref);
      this.pending.delete(ref);
      onReply(payload.status, payload.response);
      return;
    }
    this.channels
      .filter(c => c.topic === topic && (joinRef === null || joinRef === c.joinRef))
      .forEach(c => c.trigger(event, payload));
  }
}
