/* mitreden: the snippet a town's web editor pastes into any page.
 *   <script src="https://HOST/embed.js" data-section="leitmotiv-2" async></script>
 * Inserts an iframe of the app (one section, or the whole strategy without data-section)
 * right after the script. Options: data-section, data-accent (#rrggbb), data-title.
 * The frame's height follows its content: the page accepts only messages from the app's
 * origin and from that frame, and from them only a height. No cookies, nothing tracked. */
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var section = script.getAttribute('data-section');
  var accent = script.getAttribute('data-accent');
  var url = new URL(section ? '/abschnitt/' + encodeURIComponent(section) : '/', origin);
  if (accent && /^#[0-9a-fA-F]{6}$/.test(accent)) url.searchParams.set('akzent', accent.slice(1));
  var frame = document.createElement('iframe');
  frame.src = url.href;
  frame.title = script.getAttribute('data-title') || 'Digitalisierungsstrategie: lesen und mitreden';
  frame.loading = 'lazy';
  frame.setAttribute('scrolling', 'no');
  frame.style.cssText = 'display:block;width:100%;height:40rem;border:0;overflow:hidden';
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.mitreden !== 'height') return;
    var height = Number(data.height);
    if (!isFinite(height) || height < 50 || height > 200000) return;
    frame.style.height = Math.ceil(height) + 'px';
  });
})();
