#!/usr/bin/env node
// Opens pictures (SVG or HTML files) in one headless Chromium, as a person would look at them,
// and screenshots each: the page must load, its DOM must hold no XML parser error, and its
// screenshot (PNG) goes to FILE.png, the viewport as large as the picture.
//
//   node tools/pictures/screenshot.js FILE...
//
// scripts/pictures.sh runs it. One browser is started for all the pictures, driven through the
// DevTools protocol on a pipe (--remote-debugging-pipe: no port, no npm package); a few tabs
// work at once. Any failure is printed and the exit code is 1; nothing is skipped.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const TABS = Math.max(2, Math.min(4, os.cpus().length * 2));
const PER_PICTURE_MS = 60_000;

let browser;
let profile;
let failed = false;
function fail(message) {
    if (failed) return;
    failed = true;
    process.stderr.write(`tools/pictures/screenshot.js: ${message}\n`);
    const exit = () => {
        if (profile) fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
        process.exit(1);
    };
    if (browser && browser.exitCode === null && browser.signalCode === null) {
        browser.once('exit', exit);
        browser.kill('SIGKILL');
        setTimeout(exit, 5000).unref();
    } else {
        exit();
    }
}

// The viewport for a picture: an SVG's own width and height (ours in px, Graphviz's in pt),
// rounded up; an HTML page as wide as its SVG plus the page's margins (at least 1000) and
// 1400 high.
function viewport(file) {
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.svg')) {
        const svg = text.slice(0, 2000).replace(/\n/g, ' ').match(/<svg[^>]*>/);
        const size = svg && svg[0].match(/ width="([0-9.]+)(pt)?" height="([0-9.]+)(pt)?"/);
        if (!size) fail(`${file}: no width and height on its <svg>`);
        const scale = size[4] === 'pt' ? 4 / 3 : 1;
        return { width: Math.floor(size[1] * scale + 1), height: Math.floor(size[3] * scale + 1) };
    }
    if (file.endsWith('.html')) {
        const svg = text.match(/<svg[^>]* width="([0-9.]+)"/);
        return { width: Math.floor(Math.max(1000, (svg ? Number(svg[1]) : 1000) + 120)), height: 1400 };
    }
    fail(`cannot screenshot ${file}`);
}

const files = process.argv.slice(2).map((f) => path.resolve(f));
if (files.length === 0) fail('usage: node tools/pictures/screenshot.js FILE...');
const sizes = new Map(files.map((f) => [f, viewport(f)]));

profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pictures-chromium-'));
browser = spawn(
    'chromium',
    [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--no-first-run',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
);
let browserLog = '';
browser.stderr.on('data', (d) => {
    browserLog = (browserLog + d).slice(-4000);
});
browser.on('error', (e) => fail(`cannot start chromium: ${e.message}`));
browser.stdio[3].on('error', (e) => fail(`chromium stopped reading: ${e.message}\n${browserLog}`));
let finished = false;
browser.on('exit', (code, signal) => {
    if (!finished && !failed) fail(`chromium exited (${signal || code}) before the pictures were done:\n${browserLog}`);
});

// The DevTools protocol: JSON messages, each ended by a NUL byte.
let nextId = 1;
const replies = new Map();
const listeners = [];
function send(method, params = {}, sessionId) {
    const id = nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    browser.stdio[3].write(JSON.stringify(message) + '\0');
    return new Promise((resolve, reject) => replies.set(id, { resolve, reject, method }));
}
function once(sessionId, method) {
    return new Promise((resolve) => listeners.push({ sessionId, method, resolve }));
}
let pending = Buffer.alloc(0);
browser.stdio[4].on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    let end;
    while ((end = pending.indexOf(0)) >= 0) {
        const message = JSON.parse(pending.subarray(0, end).toString('utf8'));
        pending = pending.subarray(end + 1);
        if (message.id !== undefined) {
            const reply = replies.get(message.id);
            replies.delete(message.id);
            if (message.error) reply.reject(new Error(`${reply.method}: ${message.error.message}`));
            else reply.resolve(message.result);
        } else {
            const i = listeners.findIndex((l) => l.method === message.method && l.sessionId === message.sessionId);
            if (i >= 0) listeners.splice(i, 1)[0].resolve(message.params);
        }
    }
});

function withTimeout(promise, file) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PER_PICTURE_MS / 1000} s`)), PER_PICTURE_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function shoot(sessionId, file) {
    const { width, height } = sizes.get(file);
    await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    const loaded = once(sessionId, 'Page.loadEventFired');
    const navigation = await send('Page.navigate', { url: `file://${file}` }, sessionId);
    if (navigation.errorText) throw new Error(`chromium cannot open it: ${navigation.errorText}`);
    await loaded;
    const dom = await send(
        'Runtime.evaluate',
        { expression: 'new XMLSerializer().serializeToString(document)', returnByValue: true },
        sessionId,
    );
    const text = String(dom.result && dom.result.value);
    const error = text.indexOf('parsererror');
    if (error >= 0) throw new Error(`chromium does not parse it: ${text.slice(error, error + 400)}`);
    const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
    const png = Buffer.from(shot.data, 'base64');
    if (png.length < 8 || png.subarray(0, 8).toString('latin1') !== '\x89PNG\r\n\x1a\n') {
        throw new Error('chromium wrote no PNG screenshot');
    }
    fs.writeFileSync(`${file}.png`, png);
}

async function tab(queue) {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    await send('Page.enable', {}, sessionId);
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        fs.rmSync(`${file}.png`, { force: true });
        try {
            await withTimeout(shoot(sessionId, file), file);
        } catch (e) {
            fail(`${path.relative(process.cwd(), file)}: ${e.message}`);
        }
    }
}

async function main() {
    const queue = [...files];
    await Promise.all(Array.from({ length: Math.min(TABS, files.length) }, () => tab(queue)));
    finished = true;
    const exited = new Promise((resolve) => browser.once('exit', resolve));
    await send('Browser.close').catch(() => browser.kill('SIGKILL'));
    await exited;
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    process.exit(0);
}

main().catch((e) => fail(`${e.message}\n${browserLog}`));
