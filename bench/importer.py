"""Time the import of one notice as its tasks grow (#25: a 60-task notice in at most 2 s, no
step growing with the square of the text).

    .venv/bin/python -m bench.importer [TASKS ...]     # default: 60 600 999

Each notice is written in the layouts of tests/fixtures/notices/ (a portal copy starting at
the addressees, parts with notes after the task, responsibility before the task, parts of
unnumbered paragraphs, a part's line of units, collective units), as text and, for the first
size, as a GB/T 9704 PDF too. The import runs as the command runs it (`--dry-run`, so
nothing is written), timed in CPU seconds, best of three; a step that grew with the square of
the text would show as time per task growing with the size.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from generator.importer.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "notices"))

STYLES = [
    "（{n}）开展第{n}批食品安全专项检查，检查生产经营单位不少于{n}0家，问题整改率达到95%以上。（县市场监管局牵头，县公安局、县农业农村局配合）",
    "（{n}）由县教育局负责，县市场监管局配合，开展第{n}轮学校食堂食品安全自查和抽查。",
    "（{n}）组织第{n}次农村集体聚餐厨师培训，培训不少于200人次。（各乡镇人民政府负责，县卫健局配合）",
    "（{n}）加强第{n}类重点食品的抽检监测。（各有关部门按照职责分工负责）",
]


def _chinese(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        tail = "" if not rest else ("零" + digits[rest] if rest < 10 else digits[rest // 10] + "十"
                                    + (digits[rest % 10] if rest % 10 else ""))
        return digits[hundreds] + "百" + tail
    return str(number)


def notice(tasks: int) -> str:
    """A portal copy of a plan with `tasks` tasks, ten to a part."""
    lines = ["各乡镇人民政府，县直各单位：", "", "《云溪县2024年食品安全重点工作安排》已经县人民政府同意，现印发给你们，请认真贯彻执行。", "",
             "云溪县人民政府办公室", "", "2024年4月8日", "", "（此件公开发布）", "", "云溪县2024年食品安全重点工作安排", ""]
    for number in range(1, tasks + 1):
        if number % 10 == 1:
            part = (number - 1) // 10 + 1
            lines += [f"{_chinese(part)}、第{part}部分重点任务", ""]
            if part % 3 == 0:
                lines += ["由县农业农村局牵头（承办），县市场监管局、县公安局配合（协办）。", ""]
        part = (number - 1) // 10 + 1
        label = "" if part % 5 == 0 else f"（{_chinese(number)}）"  # every fifth part: unnumbered paragraphs
        text = STYLES[number % len(STYLES)].format(n=number).split("）", 1)[1]
        lines += [label + text, ""]
    return "\n".join(lines)


def best_of(path: Path, times: int = 3) -> tuple[float, int]:
    """(best CPU seconds, tasks found) of importing `path` with --dry-run."""
    best, found = float("inf"), 0
    for _ in range(times):
        content = Path(tempfile.mkdtemp())
        start = time.process_time()
        result = run(path, content, "bench", None, True)
        best = min(best, time.process_time() - start)  # CPU: other work shares the machine
        found = sum(len(s["tasks"]) for s in result.plan["sections"])  # paragraph tasks included
    return best, found


def main(sizes: list[int]) -> None:
    from make_pdf import notice_pdf
    work = Path(tempfile.mkdtemp())
    for index, size in enumerate(sizes):
        text = notice(size)
        path = work / f"notice-{size}.txt"
        path.write_text(text, encoding="utf-8")
        seconds, found = best_of(path)
        print(f"text  {size:5d} tasks ({len(text):7d} characters): {seconds:6.3f} s CPU, "
              f"{seconds / size * 1000:6.2f} ms a task, {found} tasks found")
        if index == 0:
            pdf = notice_pdf(text, work / f"notice-{size}.pdf", work)
            seconds, found = best_of(pdf)
            print(f"PDF   {size:5d} tasks: {seconds:6.3f} s CPU, {seconds / size * 1000:6.2f} ms a task, {found} tasks found")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [60, 600, 999])
