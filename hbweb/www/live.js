// live.js: the live view kept current. The server painted the cards;
// this follows /api/0/live (a WebSocket, else server-sent events) and
// reconnects by itself, ticks the "last seen" times, adds the cards of
// hosts that appear, and refreshes the glance strip every 30 seconds.
// Text from the server only ever goes in as text, never as markup.
"use strict";

(function () {
	const hosts = document.getElementById("hosts");
	const feed = document.getElementById("feed");
	const FEED_MAX = 100;
	const LIST_REUSE = 2000;
	let listing = null;
	let retry = 1;
	let wsFailed = false;

	function el(tag, attrs, text) {
		const e = document.createElement(tag);
		for (const k in attrs || {})
			e.setAttribute(k, attrs[k]);
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	function ago(ts) {
		if (!ts)
			return "never";
		const s = Math.max(0, Date.now() / 1000 - ts);
		if (s < 120)
			return Math.round(s) + " s ago";
		if (s < 7200)
			return Math.round(s / 60) + " min ago";
		return Math.round(s / 3600) + " h ago";
	}

	function tick() {
		for (const t of document.querySelectorAll("time[data-ts]"))
			t.textContent = ago(Number(t.dataset.ts));
	}

	function stateClass(state) {
		return state === "UP" ? "up" : state === "DOWN" ? "down" : "muted";
	}

	function glanceItem(key, label) {
		const li = el("li", { "data-glance": key }, label + " ");
		li.appendChild(el("b", {}, "\u2013"));
		return li;
	}

	function makeCard(name) {
		const card = el("article", { "class": "card", "data-host": name });
		const h2 = el("h2");
		h2.appendChild(el("a", { href: "/plugins/" + encodeURIComponent(name) }, name));
		h2.appendChild(document.createTextNode(" "));
		h2.appendChild(el("span", { "class": "state muted" }, "NEW"));
		const p = el("p", {}, "last seen ");
		p.appendChild(el("time", { "data-ts": "0" }, "never"));
		p.appendChild(document.createTextNode(" \u00b7 "));
		p.appendChild(el("span", { "data-field": "address" }, "-"));
		p.appendChild(document.createTextNode(" \u00b7 rtt "));
		p.appendChild(el("span", { "data-field": "rtt" }, "-"));
		const ul = el("ul", { "class": "glance" });
		ul.append(glanceItem("cpu", "cpu"), glanceItem("memory", "mem"),
		    glanceItem("disk", "disk"), glanceItem("alerts", "alerts"));
		card.append(h2, p, ul);
		const none = document.getElementById("nohosts");
		if (none)
			none.remove();
		// in name order, as the server painted them
		let before = null;
		for (const c of hosts.children)
			if (c.dataset.host > name) {
				before = c;
				break;
			}
		hosts.insertBefore(card, before);
		return card;
	}

	function cardOf(name) {
		for (const c of hosts.children)
			if (c.dataset.host === name)
				return c;
		return null;
	}

	function setState(card, state) {
		const s = card.querySelector(".state");
		s.className = "state " + stateClass(state);
		s.textContent = state;
	}

	function seen(card, item) {
		const t = card.querySelector("time");
		t.dataset.ts = item.ts;
		t.textContent = ago(item.ts);
		if (item.address)
			card.querySelector("[data-field=address]").textContent = item.address;
		if (typeof item.rtt === "number")
			card.querySelector("[data-field=rtt]").textContent = item.rtt.toFixed(1) + " ms";
	}

	// The hosts the page shows (those the user owns or manages) with
	// their verdicts, asked for at most once in LIST_REUSE ms however many
	// hosts are new. Not the host alone: a new host is judged (in
	// alerts.json) up to a second after its first item, and a 404 until
	// then would be an error in the console.
	function hostList() {
		if (!listing)
			listing = fetch("/api/0/hosts")
			    .then(r => r.ok ? r.json() : null)
			    .catch(() => null)
			    .finally(() => setTimeout(() => { listing = null; }, LIST_REUSE));
		return listing;
	}

	// A host the page has no card of gets one once the list has it; until
	// then its next item asks again.
	function discover(name) {
		if (cardOf(name))
			return Promise.resolve(cardOf(name));
		return hostList().then(list => {
			const h = list && list.hosts.find(x => x.name === name);
			if (!h || cardOf(name))
				return cardOf(name);
			const card = makeCard(name);
			if (h.state)
				setState(card, h.state);
			seen(card, { ts: h.last_seen, address: h.address, rtt: h.rtt });
			glanceSoon();
			return card;
		});
	}

	function toFeed(text, cls) {
		const li = el("li", cls ? { "class": cls } : {});
		li.appendChild(el("time", { "data-ts": String(Date.now() / 1000) }, "0 s ago"));
		li.appendChild(document.createTextNode(" " + text));
		feed.insertBefore(li, feed.firstChild);
		while (feed.children.length > FEED_MAX)
			feed.lastChild.remove();
	}

	function onItem(item) {
		if (item.type === "event") {
			const ev = item.event;
			toFeed(ev.text || (ev.host + " " + ev.state),
			    (ev.state || "").toLowerCase());
			if (ev.kind === "host")
				discover(ev.host).then(c => c && setState(c, ev.state));
		} else if (item.type === "message") {
			toFeed(item.host + " " + item.id + (item.text ? ": " + item.text : ""));
			discover(item.host).then(c => c && seen(c, item));
		} else if (item.type === "seen") {
			discover(item.host).then(c => c && seen(c, item));
		}
	}

	function onText(text) {
		try {
			onItem(JSON.parse(text));
		} catch (e) {
			console.warn("live: a bad item", e);
		}
	}

	function again(open) {
		setTimeout(open, retry * 1000);
		retry = Math.min(retry * 2, 30);
	}

	function openEvents() {
		const es = new EventSource("/api/0/live");
		es.onopen = () => { retry = 1; };
		es.onmessage = m => onText(m.data);
		es.onerror = () => { es.close(); again(openEvents); };
	}

	function openSocket() {
		if (wsFailed || !("WebSocket" in window)) {
			openEvents();
			return;
		}
		const proto = location.protocol === "https:" ? "wss:" : "ws:";
		const ws = new WebSocket(proto + "//" + location.host + "/api/0/live");
		let opened = false;
		ws.onopen = () => { opened = true; retry = 1; };
		ws.onmessage = m => onText(m.data);
		ws.onclose = () => {
			// never opened: something between us refuses WebSockets
			if (!opened)
				wsFailed = true;
			again(openSocket);
		};
	}

	// New cards get their numbers in a moment, not at the next round.
	let glanceTimer = null;
	function glanceSoon() {
		if (!glanceTimer)
			glanceTimer = setTimeout(() => { glanceTimer = null; glance(); }, 1000);
	}

	function glance() {
		fetch("/api/0/glance").then(r => r.ok ? r.json() : null).then(g => {
			if (!g)
				return;
			for (const name in g.hosts) {
				const card = cardOf(name);
				if (!card)
					continue;
				for (const key of ["cpu", "memory", "disk", "alerts"]) {
					const v = g.hosts[name][key];
					const b = card.querySelector("[data-glance=" + key + "] b");
					if (b)
						b.textContent = v === null ? "\u2013" :
						    key === "alerts" ? String(v) : Math.round(v) + "%";
				}
			}
		}).catch(() => {});
	}

	if (!hosts || !feed)
		return;
	tick();
	setInterval(tick, 1000);
	glance();
	setInterval(glance, 30000);
	openSocket();
})();
