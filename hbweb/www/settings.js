// settings: the forms that make and delete users, sent to /api/0/users.
// Without this script they stay hidden: they have no server side of their own.
'use strict';

function say(form, text) {
	form.querySelector('output').textContent = text;
}

// The answer's error text, or what went wrong with the request itself.
async function send(form, method, path, body) {
	let r;
	try {
		r = await fetch(path, {
			method: method,
			credentials: 'same-origin',
			headers: body ? { 'Content-Type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		});
	} catch (e) {
		say(form, 'The server cannot be reached.');
		return;
	}
	if (r.ok) {
		location.reload();
		return;
	}
	let text = r.status + ' ' + r.statusText;
	try {
		const j = await r.json();
		if (j && typeof j.error === 'string')
			text = j.error;
	} catch (e) {
		// not JSON: the status says it
	}
	say(form, text);
}

function make(ev) {
	const f = ev.target, body = {
		username: f.elements.username.value,
		password: f.elements.password.value,
		admin: f.elements.admin.checked,
	};
	ev.preventDefault();
	if (f.elements.name.value !== '')
		body.name = f.elements.name.value;
	say(f, '');
	send(f, 'POST', '/api/0/users', body);
}

function drop(ev) {
	const f = ev.target, name = f.elements.username.value;
	ev.preventDefault();
	if (!confirm('Delete the user ' + name + '?'))
		return;
	say(f, '');
	send(f, 'DELETE', '/api/0/users/' + encodeURIComponent(name));
}

document.addEventListener('DOMContentLoaded', function () {
	const manage = document.getElementById('manage');
	const mk = document.getElementById('user-make');
	const del = document.getElementById('user-delete');
	if (!manage)
		return;
	if (mk)
		mk.addEventListener('submit', make);
	if (del)
		del.addEventListener('submit', drop);
	manage.hidden = false;
});
