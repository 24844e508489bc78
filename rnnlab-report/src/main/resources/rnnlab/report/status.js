// Runs before any other script: collects every script error in the page, and what each chart
// drew, into the status element at the foot of the page: one "chart-2-1 points=100" line per
// chart, "error ..." lines, "resources=N", "errors=N", and "done" once drawing has finished.
// Tests read it.
(function () {
  'use strict';
  var drawn = [];
  var errors = [];
  var finished = false;

  function describe(error) {
    if (error && error.name && error.message) {
      return error.name + ': ' + error.message;
    }
    return String(error);
  }

  function write() {
    var element = document.getElementById('render-status');
    if (!element) {
      return; // the page is still loading; finish() writes everything later
    }
    var lines = drawn.map(function (chart) { return chart.id + ' points=' + chart.points; });
    errors.forEach(function (error) { lines.push('error ' + error); });
    // Anything fetched shows up here; a self-contained page has nothing to fetch.
    lines.push('resources=' + performance.getEntriesByType('resource').length);
    lines.push('errors=' + errors.length);
    if (finished) {
      lines.push('done');
    }
    element.textContent = lines.join('\n');
    element.className = errors.length ? 'failed' : 'ok';
  }

  window.reportStatus = {
    drawn: function (id, points) { drawn.push({ id: id, points: points }); write(); },
    error: function (where, error) { errors.push(where + ': ' + describe(error)); write(); },
    finish: function () { finished = true; write(); }
  };

  window.onerror = function (message, source, line, column) {
    errors.push('page: ' + message + ' (line ' + line + ':' + column + ')');
    write();
    return false;
  };
  window.addEventListener('unhandledrejection', function (event) {
    errors.push('page: unhandled rejection: ' + describe(event.reason));
    write();
  });
  document.addEventListener('securitypolicyviolation', function (event) {
    errors.push('page: blocked ' + event.violatedDirective + ' ' + event.blockedURI);
    write();
  });
})();
