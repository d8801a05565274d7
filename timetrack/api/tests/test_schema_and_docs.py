import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_the_openapi_document_with_every_route(client):
    response = client.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/auth/token", "/api/v1/me", "/api/v1/users", "/api/v1/users/{id}"):
        assert path in schema["paths"], path
    assert "bearerAuth" in schema["components"]["securitySchemes"]


def test_the_docs_page_works_offline(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    # Swagger UI comes from the sidecar's static files, not from a CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "jsdelivr" not in html and "unpkg" not in html and "cdnjs" not in html
    script = client.get("/api/v1/docs?script=")
    assert script.status_code == 200
    assert "/api/v1/schema" in script.content.decode()
