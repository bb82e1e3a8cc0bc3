/* Picture viewer, like WeChat's: a tap on a picture opens it full-screen; pinch or double-tap zooms,
   one finger pans a zoomed picture; a tap, Esc, × or the phone's Back closes it and the page stays
   where it was. Keys: + and − zoom, 0 resets, arrows pan, Tab stays inside the viewer.
   Loaded by article.js at the first tap on a picture; without JavaScript the same links open the
   picture file. A classic script, so that it also runs when the site is opened from file://. */
(function () {
  "use strict";
  var MAX = 5, STEP = 1.6, DOUBLE = 2.5, TAP_MS = 280, TAP_PX = 12;

  var viewer, stage, img, caption, closeButton, opener, savedY = 0, pushed = false, goingBack = false, hiddenSiblings = [];
  var scale = 1, tx = 0, ty = 0, baseW = 0, baseH = 0;
  var pointers = {}, gesture = null, lastTap = null, tapTimer = null;

  function el(tag, className, attrs) {
    var node = document.createElement(tag);
    node.className = className;
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    return node;
  }

  function build() {
    viewer = el("div", "xl-viewer", { role: "dialog", "aria-modal": "true", tabindex: "-1", hidden: "" });
    stage = el("div", "xl-viewer__stage");
    img = el("img", "xl-viewer__img", { alt: "", draggable: "false" });
    stage.appendChild(img);
    caption = el("p", "xl-viewer__caption", { id: "xl-viewer-caption" });
    var bar = el("div", "xl-viewer__bar", { role: "group", "aria-label": "缩放" });
    var zoomOut = el("button", "xl-viewer__button", { type: "button", "aria-label": "缩小", "data-xl-zoom": "-1" });
    var zoomIn = el("button", "xl-viewer__button", { type: "button", "aria-label": "放大", "data-xl-zoom": "1" });
    zoomOut.textContent = "−";
    zoomIn.textContent = "+";
    bar.appendChild(zoomOut);
    bar.appendChild(zoomIn);
    closeButton = el("button", "xl-viewer__button xl-viewer__close", { type: "button", "aria-label": "关闭" });
    closeButton.textContent = "×";
    viewer.appendChild(stage);
    viewer.appendChild(caption);
    viewer.appendChild(bar);
    viewer.appendChild(closeButton);
    document.body.appendChild(viewer);

    closeButton.addEventListener("click", function () { close(); });
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-xl-zoom]");
      if (button) zoomBy(button.getAttribute("data-xl-zoom") === "1" ? STEP : 1 / STEP);
    });
    stage.addEventListener("pointerdown", down);
    stage.addEventListener("pointermove", move);
    stage.addEventListener("pointerup", up);
    stage.addEventListener("pointercancel", cancel);
    stage.addEventListener("wheel", wheel, { passive: false });
    // Old iOS Safari scrolls the page behind a fixed layer unless touchmove is cancelled.
    viewer.addEventListener("touchmove", function (event) { event.preventDefault(); }, { passive: false });
    document.addEventListener("keydown", function (event) { if (isOpen()) key(event); });
    img.addEventListener("load", fit);
    window.addEventListener("resize", function () { if (isOpen()) fit(); });
  }

  function isOpen() {
    return viewer && !viewer.hidden;
  }

  // --- opening and closing ---------------------------------------------------------
  function open(link) {
    if (!viewer) build();
    var thumb = link.querySelector("img");
    var figure = link.closest("figure");
    var words = (figure && figure.querySelector("figcaption") || {}).textContent || (thumb && thumb.alt) || "";
    opener = link;
    savedY = window.scrollY;
    caption.textContent = words.trim();
    caption.hidden = !caption.textContent;
    viewer.setAttribute("aria-label", "图片" + (caption.textContent ? "：" + caption.textContent : ""));
    img.alt = thumb ? thumb.alt : "";
    // The phone-sized picture already on screen shows at once; the original replaces it when loaded.
    img.src = thumb && thumb.currentSrc ? thumb.currentSrc : link.href;
    if (img.src !== link.href) {
      var full = new Image();
      full.onload = function () { if (opener === link && isOpen()) img.src = link.href; };
      full.src = link.href;
    }
    viewer.hidden = false;
    reset(true);
    document.documentElement.classList.add("xl-viewer-open");
    hideBackground(true);
    fit();
    closeButton.focus();
    try {
      history.pushState({ xlViewer: true }, "");
      pushed = true;
    } catch (e) { pushed = false; /* history unavailable: Back leaves the page as before */ }
  }

  // Tap, Esc and × go back in history, so that Back afterwards leaves the page as the member expects.
  function close() {
    if (!isOpen()) return;
    finish();
    if (pushed) {
      pushed = false;
      goingBack = true;
      history.back();
    }
  }

  function finish() {
    clearTimeout(tapTimer);
    viewer.hidden = true;
    img.removeAttribute("src");
    document.documentElement.classList.remove("xl-viewer-open");
    hideBackground(false);
    if (window.scrollY !== savedY) window.scrollTo(0, savedY);
    if (opener) opener.focus({ preventScroll: true });
  }

  // Back closes the viewer; after any close the page is where it was when the picture was opened.
  window.addEventListener("popstate", function () {
    if (isOpen()) {
      pushed = false;
      finish();
    } else if (goingBack) {
      goingBack = false;
      if (window.scrollY !== savedY) window.scrollTo(0, savedY);
    }
  });

  // The page behind the dialog: out of reach of Tab and screen readers while the viewer is open.
  function hideBackground(hide) {
    if (hide) {
      hiddenSiblings = [];
      var children = document.body.children;
      for (var i = 0; i < children.length; i++) {
        var child = children[i];
        if (child === viewer || child.hasAttribute("inert") || child.tagName === "SCRIPT") continue;
        child.setAttribute("inert", "");
        child.setAttribute("aria-hidden", "true");
        hiddenSiblings.push(child);
      }
    } else {
      for (var j = 0; j < hiddenSiblings.length; j++) {
        hiddenSiblings[j].removeAttribute("inert");
        hiddenSiblings[j].removeAttribute("aria-hidden");
      }
      hiddenSiblings = [];
    }
  }

  // --- zoom and pan ---------------------------------------------------------------------
  function fit() {
    if (!isOpen()) return;
    var natW = img.naturalWidth || 1, natH = img.naturalHeight || 1;
    var fitScale = Math.min(stage.clientWidth / natW, stage.clientHeight / natH);
    baseW = natW * fitScale;
    baseH = natH * fitScale;
    img.style.width = baseW + "px";
    img.style.height = baseH + "px";
    apply();
  }

  function reset(still) {
    scale = 1;
    tx = 0;
    ty = 0;
    apply(!still);
  }

  function clamp() {
    var limitX = Math.max(0, (baseW * scale - stage.clientWidth) / 2);
    var limitY = Math.max(0, (baseH * scale - stage.clientHeight) / 2);
    tx = Math.max(-limitX, Math.min(limitX, tx));
    ty = Math.max(-limitY, Math.min(limitY, ty));
  }

  function apply(animate) {
    clamp();
    img.style.transition = animate ? "transform 0.2s ease-out" : "none";
    img.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + scale + ")";
    viewer.setAttribute("data-xl-scale", scale.toFixed(2));
  }

  // Zoom to `next`, keeping the picture's point under (x, y) (page coordinates) where it is.
  function zoomTo(next, x, y) {
    next = Math.max(1, Math.min(MAX, next));
    var box = stage.getBoundingClientRect();
    var cx = x === undefined ? 0 : x - box.left - box.width / 2;
    var cy = y === undefined ? 0 : y - box.top - box.height / 2;
    tx = cx - ((cx - tx) * next) / scale;
    ty = cy - ((cy - ty) * next) / scale;
    scale = next;
    apply(true);
  }

  function zoomBy(factor, x, y) {
    zoomTo(scale * factor, x, y);
  }

  // --- gestures: one finger taps or pans, two fingers pinch --------------------------------
  function points() {
    var list = [];
    for (var id in pointers) list.push(pointers[id]);
    return list;
  }

  function startGesture() {
    var list = points();
    if (list.length >= 2) {
      var a = list[0], b = list[1];
      gesture = { pinch: true, dist: Math.hypot(a.x - b.x, a.y - b.y) || 1, mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, scale: scale, tx: tx, ty: ty };
    } else if (list.length === 1) {
      gesture = { pinch: false, x: list[0].x, y: list[0].y, tx: tx, ty: ty, tap: gesture === null, moved: false, time: Date.now() };
    } else {
      gesture = null;
    }
  }

  function down(event) {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    stage.setPointerCapture && stage.setPointerCapture(event.pointerId);
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    startGesture();
    if (gesture && gesture.pinch) clearTimeout(tapTimer);
  }

  function move(event) {
    if (!pointers[event.pointerId] || !gesture) return;
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    var list = points();
    if (gesture.pinch && list.length >= 2) {
      var a = list[0], b = list[1];
      var next = Math.max(0.6, Math.min(MAX, (gesture.scale * Math.hypot(a.x - b.x, a.y - b.y)) / gesture.dist));
      var box = stage.getBoundingClientRect();
      var mx = (a.x + b.x) / 2 - box.left - box.width / 2, my = (a.y + b.y) / 2 - box.top - box.height / 2;
      var m0x = gesture.mx - box.left - box.width / 2, m0y = gesture.my - box.top - box.height / 2;
      tx = mx - ((m0x - gesture.tx) * next) / gesture.scale;
      ty = my - ((m0y - gesture.ty) * next) / gesture.scale;
      scale = next;
      img.style.transition = "none";
      img.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + scale + ")";
    } else if (!gesture.pinch) {
      var dx = event.clientX - gesture.x, dy = event.clientY - gesture.y;
      if (Math.abs(dx) > TAP_PX || Math.abs(dy) > TAP_PX) gesture.moved = true;
      if (gesture.moved && scale > 1) {
        tx = gesture.tx + dx;
        ty = gesture.ty + dy;
        apply();
      }
    }
  }

  function up(event) {
    if (!pointers[event.pointerId]) return;
    var ended = gesture;
    delete pointers[event.pointerId];
    if (ended && ended.pinch) {
      if (scale < 1) reset();
      else apply();
      gesture = points().length ? { pinch: false, x: 0, y: 0, tx: tx, ty: ty, tap: false, moved: true } : null;
      if (gesture) {
        var rest = points()[0];
        gesture.x = rest.x;
        gesture.y = rest.y;
      }
      return;
    }
    gesture = null;
    if (ended && ended.tap && !ended.moved && Date.now() - ended.time < 500) tap(event.clientX, event.clientY);
  }

  function cancel(event) {
    delete pointers[event.pointerId];
    gesture = null;
    if (scale < 1) reset();
  }

  // One tap closes (after a short wait, in case a second tap follows); two taps zoom in or back out.
  function tap(x, y) {
    var now = Date.now();
    if (lastTap && now - lastTap.time < TAP_MS + 120 && Math.abs(x - lastTap.x) < 40 && Math.abs(y - lastTap.y) < 40) {
      clearTimeout(tapTimer);
      lastTap = null;
      if (scale > 1.01) reset();
      else zoomTo(DOUBLE, x, y);
      return;
    }
    lastTap = { time: now, x: x, y: y };
    clearTimeout(tapTimer);
    tapTimer = setTimeout(function () {
      lastTap = null;
      close();
    }, TAP_MS);
  }

  function wheel(event) {
    event.preventDefault();
    zoomBy(Math.exp(-event.deltaY / 300), event.clientX, event.clientY);
  }

  // --- keyboard ---------------------------------------------------------------------------------
  function key(event) {
    var k = event.key;
    if (k === "Escape" || k === "Esc") {
      event.preventDefault();
      close();
    } else if (k === "+" || k === "=") {
      zoomBy(STEP);
    } else if (k === "-" || k === "_") {
      zoomBy(1 / STEP);
    } else if (k === "0") {
      reset();
    } else if (k.indexOf("Arrow") === 0 && scale > 1) {
      event.preventDefault();
      var d = 60;
      if (k === "ArrowLeft") tx += d;
      if (k === "ArrowRight") tx -= d;
      if (k === "ArrowUp") ty += d;
      if (k === "ArrowDown") ty -= d;
      apply();
    } else if (k === "Tab") {
      var focusable = viewer.querySelectorAll("button");
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      } else if (!viewer.contains(document.activeElement)) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  window.xlViewer = { open: open };
})();
