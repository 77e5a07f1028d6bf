// Swagger UI (the WebJar's bundle) showing the server's OpenAPI document. No validator badge:
// it would send the document to a third-party service, and the CSP refuses that anyway.
const element = document.getElementById('swagger-ui');
SwaggerUIBundle({
  url: element.dataset.url,
  domNode: element,
  validatorUrl: null,
  deepLinking: true,
  defaultModelsExpandDepth: 1,
});
