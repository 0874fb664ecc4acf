"""The Content-Security-Policy leaves every page working: the pages load their scripts,
styles, fonts and images, and Chromium reports no refusal (tests/conftest.py fails any
browser test whose pages broke the policy; these visit the pages no other test opens)."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_files"),
]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def test_the_api_documentation_pages_run_under_the_policy(live_server, page, article):
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI drew the operations from the schema: its start-up script ran.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=20000)

    page.goto(f"{live_server.url}/api/v1/redoc/")
    expect(page.locator("redoc h1, [role=search], .api-content").first).to_be_attached(
        timeout=20000
    )


def test_the_site_and_the_admin_index_run_under_the_policy(
    live_server, page, article, django_user_model
):
    for path in ["/", article.get_absolute_url(), "/articles/?q=الحسكة", "/claims/", "/archive/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]

    django_user_model.objects.create_superuser("editor", password="a long test password")
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long test password")
    page.locator("input[type=submit]").click()
    expect(page.locator("#content")).to_be_visible()
    page.goto(f"{live_server.url}/admin/articles/claim/")
    expect(page.locator("#result_list")).to_be_visible()
