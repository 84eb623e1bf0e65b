// The API reference at /docs: Swagger UI (swagger-ui-dist, served by shopzip) rendering /openapi.json.
// A file of its own rather than an inline script, so that the reference's Content-Security-Policy needs no 'unsafe-inline'.

declare const SwaggerUIBundle: (options: Readonly<Record<string, unknown>>) => unknown;

SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  // Swagger UI would otherwise send the document to validator.swagger.io for a badge; nothing leaves shopzip.
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
});
