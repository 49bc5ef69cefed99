"""The citizen web chat in a real headless Chromium (Debian's package)."""

import re
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import response_text

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NEEDS_CHROMIUM = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)
pytestmark = NEEDS_CHROMIUM
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    chat = context.new_page()
    errors = []
    chat.on("pageerror", lambda error: errors.append(str(error)))
    chat.goto(f"http://127.0.0.1:{stack.settings.web_port}/")
    yield chat
    context.close()
    assert errors == []


def bot_messages(page):
    return page.locator("#transcript .msg-bot .msg-text")


def test_chat_with_buttons_and_free_text_survives_a_reload(page):
    page.wait_for_selector("#transcript .msg-bot .choices button")
    assert "What would you like to do?" in page.locator("#transcript").inner_text()

    page.get_by_role("button", name="Safety advice").click()
    page.wait_for_selector("text=Pick one or just type your question")

    page.fill("#message", "how can i stop my bike getting nicked")
    page.keyboard.press("Enter")
    answer = response_text("utter_advice/bike_theft_prevention")
    page.wait_for_function(
        "text => [...document.querySelectorAll('#transcript .msg-bot .msg-text')]"
        ".some(e => e.innerText.includes(text))",
        arg=answer[:60],
    )
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "web-chat.png"), full_page=True)

    before = bot_messages(page).count()
    page.reload()
    page.wait_for_selector("#transcript .msg-bot")
    assert bot_messages(page).count() == before
    assert page.locator("#transcript .msg-user").count() == 2


def test_transcript_is_announced_to_screen_readers(page):
    transcript = page.locator("#transcript")
    assert transcript.get_attribute("role") == "log"
    assert transcript.get_attribute("aria-live") == "polite"
    assert page.get_by_label("Your message").is_visible()


def test_quick_exit_button_clears_the_chat_and_leaves(page, stack):
    page.wait_for_selector("#transcript .msg-bot")
    page.fill("#message", "someone keeps sending me threatening messages")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelectorAll('#transcript .msg-bot').length > 1"
    )

    page.click("#quick-exit")
    page.wait_for_url(re.compile(r".*/healthz$"))
    # Back must not return to the chat: the page was replaced in history.
    page.go_back()
    assert "/healthz" in page.url or page.url == "about:blank"

    page.goto(f"http://127.0.0.1:{stack.settings.web_port}/")
    page.wait_for_selector("#transcript .msg-bot")
    assert page.locator("#transcript .msg-user").count() == 0


def test_escape_key_is_a_quick_exit(page):
    page.wait_for_selector("#transcript .msg-bot")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r".*/healthz$"))
    assert page.evaluate("Object.keys(sessionStorage).length") == 0
