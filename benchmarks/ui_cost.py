"""What the browser UI costs: the server's time per month, its CPU per Step pressed in a real
browser, frames per second while playing, and the server's memory per open session, with the
targets of issue 17 beside them.

A benchmark, not a test: it reports and asserts nothing. Needs Debian's chromium and playwright.
Run with ``python benchmarks/ui_cost.py [--sizes 300 500 2000] [--sessions 5] [--steps 30]``.

- **Frame time** (in this process): one month of the model, its frame, and the charts' new data
  (Plotly's widgets, as the page updates them), at each size.
- **Server CPU per Step** (target ≤ 30 ms at 300 citizens): the server process's CPU time while
  ``--steps`` Steps are pressed on the Explore page, each waited for, over their number.
- **In the browser**: the Explore page playing at its fastest for a few seconds at each size;
  months shown per second is the frame rate a student sees.
- **Memory per session** (target ≤ 10 MB): the server's resident memory after opening one page,
  and after opening ``--sessions`` more (each page has its own model), divided by their number.
- **After the tabs close** (target: freed within a minute): the further pages are closed as a
  browser tab closes (its ``pagehide`` beacon ends the page's kernel at once, Solara's page-close
  path; two seconds later the server collects and trims its memory, ``ui/server.py``), and the
  server's resident memory is read again after a few seconds and after a minute. As many pages
  are then opened and closed again, and the memory read once more.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time

import psutil
from browser import chromium, free_port, wait_for_port

from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.ui.charts import NetworkChart, OutcomeChart, ParticipationChart
from samskaping.ui.frame import frame_of

#: the targets of issue 17
MOST_CPU_MS, MOST_MB = 30, 10


def frame_ms(citizens: int, frames: int = 20) -> tuple[float, float]:
    """Milliseconds per month of the model, and per frame and chart update (after a few months:
    the model's compiled kernels are compiled at its first month)."""
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=citizens, regime="co-creation"))
    charts = [OutcomeChart("en"), ParticipationChart("en"), NetworkChart(model, "en")]
    for _ in range(3):
        model.step()
    frame = frame_of(model)
    step = draw = 0.0
    for _ in range(frames):
        started = time.perf_counter()
        model.step()
        step += time.perf_counter() - started
        started = time.perf_counter()
        frame = frame_of(model, frame)
        for chart in charts:
            chart.show(frame)
        draw += time.perf_counter() - started
    return 1000 * step / frames, 1000 * draw / frames


def in_browser(sizes: list[int], sessions: int, steps: int) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    with tempfile.TemporaryDirectory() as results:
        server = subprocess.Popen(
            [sys.executable, "-m", "samskaping.cli", "ui", "--port", str(port),
             "--results", results],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_for_port(port)
            with sync_playwright() as p:
                browser = chromium(p)
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                page.goto(url)
                page.locator(".explore-counter").wait_for(timeout=60_000)

                def month() -> int:
                    return int(
                        re.search(r"\d+", page.locator(".explore-counter").inner_text()).group()
                    )

                served = psutil.Process(server.pid)
                time.sleep(2.0)
                for _ in range(3):  # the first Steps build what later ones reuse
                    page.locator(".explore-step").click()
                page.wait_for_function("() => document.querySelector('.explore-counter')"
                                       ".innerText.match(/\\d+/)[0] === '3'")  # fmt: skip
                time.sleep(1.0)
                before = served.cpu_times()
                for done in range(4, 4 + steps):
                    page.locator(".explore-step").click()
                    page.wait_for_function(
                        "m => document.querySelector('.explore-counter').innerText"
                        ".match(/\\d+/)[0] === String(m)", arg=done)  # fmt: skip
                time.sleep(0.5)
                after = served.cpu_times()
                cpu = (after.user + after.system - before.user - before.system) / steps
                print(f"  server CPU per Step at the page's default size: {1000 * cpu:5.1f} ms "
                      f"(target ≤ {MOST_CPU_MS} ms; {steps} Steps)")  # fmt: skip
                page.locator(".explore-speed .v-slider__thumb-container").first.press("End")

                for size in sizes:
                    field = page.locator(".explore-citizens input").first
                    field.fill(str(size))
                    field.press("Enter")
                    page.locator(".explore-reset").click()
                    page.wait_for_function(
                        "() => document.querySelector('.explore-counter').innerText.match(/\\d+/)[0] === '0'"
                    )
                    time.sleep(1.0)
                    page.locator(".explore-play").click()
                    time.sleep(1.0)
                    start, started = month(), time.perf_counter()
                    time.sleep(5.0)
                    shown = month() - start
                    page.locator(".explore-play").click()
                    rate = shown / (time.perf_counter() - started)
                    print(f"  browser, {size:>6,} citizens: {rate:5.1f} frames (months) per second")
                    time.sleep(1.0)
                mb = 2**20

                def rss() -> float:
                    return psutil.Process(server.pid).memory_info().rss / mb

                def open_pages() -> list:
                    pages = []
                    for _ in range(sessions):
                        pages.append(browser.new_context().new_page())
                        pages[-1].goto(url)
                        pages[-1].locator(".explore-counter").wait_for(timeout=60_000)
                    time.sleep(2.0)
                    return pages

                def close(pages: list) -> None:
                    for other in pages:  # as a tab closes: pagehide, and Solara's close beacon
                        other.close(run_before_unload=True)
                        other.context.close()

                one = rss()
                pages = open_pages()
                more = rss()
                print(f"  server memory: {one:.0f} MB with one page, "
                      f"{(more - one) / sessions:.1f} MB per further open page "
                      f"({sessions} opened; target ≤ {MOST_MB} MB)")  # fmt: skip
                close(pages)
                time.sleep(5.0)
                soon = rss()
                time.sleep(55.0)
                later = rss()
                print(f"  after closing them: {soon - one:+.1f} MB over one page after 5 s, "
                      f"{later - one:+.1f} MB after a minute")  # fmt: skip
                pages = open_pages()
                again = rss()
                print(f"  {sessions} pages opened again: {(again - later) / sessions:.1f} MB per page "
                      "(memory the allocator kept is used again)")  # fmt: skip
                close(pages)
                time.sleep(10.0)
                print(f"  after closing them again: {rss() - one:+.1f} MB over one page after 10 s")
                browser.close()
        finally:
            server.terminate()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 500, 2000])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    print("frame time in the server (a month of the model + its frame and the charts' data):")
    for size in args.sizes:
        step, draw = frame_ms(size)
        print(f"  {size:>6,} citizens: step {step:5.1f} ms + frame and charts {draw:5.1f} ms")
    if shutil.which("chromium"):
        print("in the browser (Explore page, playing):")
        in_browser(args.sizes, args.sessions, args.steps)
    else:
        print("chromium not found: the browser part is skipped")


if __name__ == "__main__":
    main()
