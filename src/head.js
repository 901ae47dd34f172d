// Runs in every page's <head> before the first paint, so nothing shifts (the server
// inlines it, comment lines and indentation removed, and allows it by its hash): the page
// in the reader's language; on a kiosk (set up by staff, see src/kiosk.rs) its layout; in a
// frame (the embed, public/embed.js) the compact layout, the host's accent colour (#rrggbb,
// darkened until it keeps 4.5:1 with white and with the surface colour; kept for this tab
// so links inside the frame keep it), and the page's height sent to the host.
(function () {
  var d = document.documentElement, q = null, ok = /^[0-9a-fA-F]{6}$/;
  // The language: the reader's choice (kept when they use the switch), else — on the
  // German pages, the default address — the browser's first of German and English. A
  // page in another language is replaced before it paints; the switch keeps the
  // address's rest (a receipt's id and token).
  var k = 'mitreden:sprache', p = location.pathname, en = /^\/en(\/|$)/.test(p), want = null;
  try { want = localStorage.getItem(k); } catch (e) {}
  if (want !== 'de' && want !== 'en') {
    want = null;
    if (!en) (navigator.languages || [navigator.language]).some(function (l) {
      l = String(l).slice(0, 2).toLowerCase();
      return (l === 'de' || l === 'en') && (want = l);
    });
  }
  var there = function (lang) {
    var rest = en ? p.replace(/^\/en/, '') || '/' : p;
    return (lang === 'en' ? '/en' + rest : rest) + location.search + location.hash;
  };
  if (want && want !== (en ? 'en' : 'de')) { location.replace(there(want)); return; }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[data-lang]');
    if (!a) return;
    ev.preventDefault();
    try { localStorage.setItem(k, a.getAttribute('data-lang')); } catch (e) {}
    location.href = there(a.getAttribute('data-lang'));
  });
  try {
    if (localStorage.getItem('mitreden:kiosk')) d.classList.add('kiosk');
  } catch (e) {}
  // A press in progress: the app waits with taking over a live part until it ends,
  // so a tap that began on the page as it loaded keeps its click (src/app.rs).
  addEventListener('pointerdown', function () { d.setAttribute('data-pressed', ''); }, true);
  ['pointerup', 'pointercancel'].forEach(function (t) {
    addEventListener(t, function () {
      setTimeout(function () { d.removeAttribute('data-pressed'); });
    }, true);
  });
  if (self === top) return;
  d.classList.add('embed');
  try {
    q = new URLSearchParams(location.search).get('akzent');
    if (q && ok.test(q)) sessionStorage.setItem('mitreden-akzent', q);
    q = sessionStorage.getItem('mitreden-akzent');
  } catch (e) {}
  if (q && ok.test(q)) {
    var c = [0, 2, 4].map(function (i) { return parseInt(q.substr(i, 2), 16); });
    var lum = function () {
      return c.reduce(function (sum, v, i) {
        v /= 255;
        v = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        return sum + v * [0.2126, 0.7152, 0.0722][i];
      }, 0);
    };
    // 0.961: the relative luminance of --surface (#f3f5f7) + 0.05; on white it is more.
    while (0.961 / (lum() + 0.05) < 4.5) c = c.map(function (v) { return Math.floor(v * 0.9); });
    d.style.setProperty('--host-accent', 'rgb(' + c.join(',') + ')');
    d.setAttribute('data-accent', '');
  }
  addEventListener('DOMContentLoaded', function () {
    new ResizeObserver(function () {
      parent.postMessage({ mitreden: 'height', height: Math.ceil(d.getBoundingClientRect().height) }, '*');
    }).observe(d);
  });
})();

