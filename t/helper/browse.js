#!/usr/bin/env node
// browse.js: runs a script of steps in Debian's chromium through
// playwright-core, for the tests of hb's web pages.
//
//   node browse.js SCRIPT.json
//
// SCRIPT.json is an array of steps, run in order on one page:
//   {"goto": URL}                    load URL; an answer of 400 or more fails
//   {"fill": [SELECTOR, TEXT]}       type TEXT into the field
//   {"select": [SELECTOR, VALUE]}    choose the option of VALUE in a <select>
//   {"click": SELECTOR}
//   {"waitFor": SELECTOR}            until the element is visible
//   {"text": [SELECTOR, SUBSTRING]}  until the element's text holds SUBSTRING
//   {"screenshot": PATH}             the whole page, as PNG
//   {"evaluate": EXPR, "expect": V}  EXPR's value equals V, compared as JSON
// Each may carry "timeout", in ms; the default is $HB_TEST_TIMEOUT seconds,
// else 10. The first step that fails ends the script, since the later ones
// presume it.
//
// Each step prints a TAP line, and so does, at the end, the check that the
// page logged no console error, threw no uncaught exception and broke its
// Content Security Policy nowhere: a page that works but breaks one of
// these is still broken. Exit status: 0 all passed, 1 a check failed,
// 2 bad usage, a bad script, or a browser that would not start.
// HB_CHROMIUM names the browser (/usr/bin/chromium); playwright-core is
// found through NODE_PATH.
'use strict';

const fs = require('fs');

const ACTIONS = ['goto', 'fill', 'select', 'click', 'waitFor', 'text', 'screenshot', 'evaluate'];
// The flags Debian's chromium needs here: root wants --no-sandbox, and
// the closed network makes its background fetches fail noisily.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
	'--disable-background-networking'];
const TIMEOUT = 1000 * (Number(process.env.HB_TEST_TIMEOUT) || 10);

function usage(msg) {
	process.stderr.write(`browse.js: ${msg}\n`);
	process.exit(2);
}

function loadScript(file) {
	let steps;
	try {
		steps = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		usage(`${file}: ${e.message}`);
	}
	if (!Array.isArray(steps))
		usage(`${file}: not an array of steps`);
	steps.forEach((s, i) => {
		const acts = Object.keys(s || {}).filter((k) => ACTIONS.includes(k));
		if (acts.length !== 1)
			usage(`${file}: step ${i + 1}: want one of ${ACTIONS.join(', ')}`);
	});
	return steps;
}

// Polls, since a script may change the text after the element appears.
// The step's timeout bounds the wait for the text; reading the element gets
// the default at least, so that a short wait still tells what it says.
async function waitText(page, sel, want, timeout) {
	const deadline = Date.now() + timeout;
	const el = page.locator(sel).first();
	for (;;) {
		const got = await el.textContent({ timeout: Math.max(timeout, TIMEOUT) });
		if (got.includes(want))
			return;
		if (Date.now() >= deadline)
			throw new Error(`${sel} says ${JSON.stringify(got)}, without ${JSON.stringify(want)}`);
		await page.waitForTimeout(50);
	}
}

async function run(page, step) {
	const timeout = step.timeout || TIMEOUT;
	if ('goto' in step) {
		const res = await page.goto(step.goto, { timeout });
		if (res && res.status() >= 400)
			throw new Error(`status ${res.status()}`);
	} else if ('fill' in step) {
		await page.fill(step.fill[0], step.fill[1], { timeout });
	} else if ('select' in step) {
		await page.selectOption(step.select[0], step.select[1], { timeout });
	} else if ('click' in step) {
		await page.click(step.click, { timeout });
	} else if ('waitFor' in step) {
		await page.waitForSelector(step.waitFor, { timeout });
	} else if ('text' in step) {
		await waitText(page, step.text[0], step.text[1], timeout);
	} else if ('screenshot' in step) {
		await page.screenshot({ path: step.screenshot, fullPage: true, timeout });
	} else {
		const got = await page.evaluate(step.evaluate);
		if ('expect' in step && JSON.stringify(got) !== JSON.stringify(step.expect))
			throw new Error(`got ${JSON.stringify(got)}, want ${JSON.stringify(step.expect)}`);
	}
}

function describe(step) {
	const act = ACTIONS.find((k) => k in step);
	const arg = step[act];
	return `${act} ${Array.isArray(arg) ? arg.join(' ') : arg}`;
}

// Playwright colours its call logs; a TAP comment wants plain text.
function comment(text) {
	const plain = String(text).replace(/\x1b\[[0-9;]*m/g, '').trimEnd();
	return plain.split('\n').map((l) => `# ${l}\n`).join('');
}

// Console messages and calls of our function come in the order the page
// made them, but not in step with the answers to evaluate: so a marker of
// each kind, once back, says that what the page said before it is in.
async function flush(page) {
	const marker = page.waitForEvent('console', (m) => m.text() === 'hb-flush');
	await page.evaluate(() => {
		console.debug('hb-flush');
		return window.hbCspViolation(null);
	});
	await marker;
}

async function main() {
	if (process.argv.length !== 3)
		usage('usage: browse.js script.json');
	const steps = loadScript(process.argv[2]);
	let chromium;
	try {
		({ chromium } = require('playwright-core'));
	} catch (e) {
		usage(`cannot load playwright-core (is NODE_PATH set?): ${e.message}`);
	}
	const exe = process.env.HB_CHROMIUM || '/usr/bin/chromium';
	let browser;
	try {
		browser = await chromium.launch({ executablePath: exe, args: ARGS, timeout: 3 * TIMEOUT });
	} catch (e) {
		usage(`cannot start ${exe}: ${e.message}`);
	}

	const problems = [];
	const page = await browser.newPage();
	page.setDefaultTimeout(TIMEOUT);
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text()))
			problems.push(`CSP: ${m.text()}`);
		else if (m.type() === 'error')
			problems.push(`console error: ${m.text()} (${m.location().url})`);
	});
	page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
	page.on('crash', () => problems.push('the page crashed'));
	// The console message is Chromium's wording; the event is the standard.
	await page.exposeFunction('hbCspViolation', (v) => v && problems.push(`CSP violation: ${v}`));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			window.hbCspViolation(`${e.violatedDirective} blocked ` +
			    `${e.blockedURI || '?'} at ${e.sourceFile}:${e.lineNumber}`), true);
	});

	let n = 0;
	let failed = 0;
	for (const step of steps) {
		n++;
		try {
			await run(page, step);
			process.stdout.write(`ok ${n} - ${describe(step)}\n`);
		} catch (e) {
			failed++;
			process.stdout.write(`not ok ${n} - ${describe(step)}\n${comment(e.message)}`);
			break;
		}
	}
	// After a failed step the page may be anywhere; it has failed already.
	await flush(page).catch((e) => failed || problems.push(`no last messages: ${e.message}`));
	await browser.close();
	n++;
	if (problems.length) {
		failed++;
		process.stdout.write(`not ok ${n} - no console errors, exceptions or CSP violations\n`);
		process.stdout.write(comment(problems.join('\n')));
	} else {
		process.stdout.write(`ok ${n} - no console errors, exceptions or CSP violations\n`);
	}
	process.stdout.write(`1..${n}\n`);
	if (failed) {
		process.stderr.write(`browse.js: ${failed} of ${n} failed\n`);
		process.exit(1);
	}
}

main().catch((e) => {
	process.stderr.write(`browse.js: ${e.stack || e}\n`);
	process.exit(2);
});
