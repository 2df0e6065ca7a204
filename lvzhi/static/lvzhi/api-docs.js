/* The API docs page (/api/docs): Swagger UI from vendored files, no CDN, no online validator. */
(function () {
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  settings.validatorUrl = null;
  settings.requestInterceptor = function (req) {
    if (csrfToken) { req.headers["X-CSRFToken"] = csrfToken; }
    return req;
  };
  window.ui = SwaggerUIBundle(settings);
})();
