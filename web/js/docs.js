// The API documentation page: Swagger UI (vendored from the npm package
// swagger-ui-dist, Apache 2.0) reading the service's own OpenAPI document.
// A plain script, not a module: the bundle defines a global.
window.SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#docs",
  deepLinking: true,
  docExpansion: "list",
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
  validatorUrl: null,
});
