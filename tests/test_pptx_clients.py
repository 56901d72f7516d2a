"""PPTX decks read well outside PowerPoint: LibreOffice (Debian's libreoffice-impress) converts one
low-quality deck per scene to PDF, all in one `soffice --headless --convert-to pdf` call, and every page
shows its slide's picture: the beat's moment (the last frame of its segment), not a blank or the first
frame. Pages are rendered to images with `pdftoppm` (poppler-utils), or PyMuPDF where that is installed
instead. Slide sizes are PowerPoint's standard ones at every aspect, whatever the pixel size."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

import scenes
from tests.helpers import assert_not_blank, sidecar

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
INCH = 914400  # EMU
STANDARD = {"16:9": (40 / 3, 7.5), "4:3": (10.0, 7.5), "1:1": (7.5, 7.5), "9:16": (7.5, 40 / 3)}  # inches


def _deck(folder: Path, name: str, aspect: str = "16:9", fps: float = 1) -> Path:
    from scenes.output.plan.pipeline import RenderRequest, render

    return render(RenderRequest(scene=name, backend="mpl", quality="low", fps=fps, aspect=aspect,
                                out=str(folder / f"{name}-{aspect.replace(':', 'x')}.pptx"),
                                cache_dir=str(folder / "cache"), progress=False))


def _slides(path: Path) -> list[dict]:
    """Per slide (in order): its video's bytes, its cover picture's bytes, from the package's own parts."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        (movie,) = list(slide.shapes)
        video_rid = movie._element.xpath(".//p:nvPr/a:videoFile/@r:link")[0]
        cover_rid = movie._element.xpath(".//p:blipFill/a:blip/@r:embed")[0]
        out.append({"video": slide.part.related_part(video_rid).blob,
                    "cover": slide.part.related_part(cover_rid).blob,
                    "box": (movie.left, movie.top, movie.width, movie.height)})
    return out


def _frames(blob: bytes, folder: Path) -> list[np.ndarray]:
    path = folder / "segment.mp4"
    path.write_bytes(blob)
    with av.open(str(path)) as box:
        return [f.to_ndarray(format="rgb24") for f in box.decode(video=0)]


def _image(blob: bytes, folder: Path) -> np.ndarray:
    path = folder / "cover.png"
    path.write_bytes(blob)
    return np.asarray(Image.open(path).convert("RGB"))


def _pages(pdf: Path, folder: Path) -> list[np.ndarray]:
    """The PDF's pages as RGB images, by pdftoppm (poppler-utils), else PyMuPDF."""
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "48", "-png", str(pdf), str(folder / pdf.stem)], check=True)
        files = sorted(folder.glob(pdf.stem + "-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [np.asarray(Image.open(f).convert("RGB")) for f in files]
    fitz = pytest.importorskip("fitz", reason="neither pdftoppm (poppler-utils) nor PyMuPDF is installed")
    with fitz.open(str(pdf)) as doc:
        maps = [page.get_pixmap(dpi=48) for page in doc]
        return [np.frombuffer(m.samples, np.uint8).reshape(m.height, m.width, m.n)[..., :3] for m in maps]


def _like(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference (0..255) of two pictures, b resized to a's size."""
    b = np.asarray(Image.fromarray(b).resize((a.shape[1], a.shape[0]), Image.BILINEAR), float)
    return float(np.abs(a.astype(float) - b).mean())


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice's soffice is not installed (Debian: apt-get install libreoffice-impress)")
    folder = tmp_path_factory.mktemp("pptx")
    decks = [_deck(folder, name) for name in scenes.names()]
    pdfs = folder / "pdf"
    profile = folder / "profile"  # a fresh LibreOffice profile: no lock shared with a running office
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(pdfs), *map(str, decks)], check=True, capture_output=True, timeout=300)
    return folder, decks, pdfs


@pytest.mark.parametrize("name", scenes.names())
def test_every_page_shows_its_beats_moment(converted, name, tmp_path):
    folder, decks, pdfs = converted
    deck = next(d for d in decks if d.name.startswith(name + "-"))
    pdf = pdfs / (deck.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {deck.name}"
    pages = _pages(pdf, tmp_path)
    slides = _slides(deck)
    beats = sidecar(deck)["story"]["beats"]
    assert len(pages) == len(slides) == len(beats)
    for k, (page, slide) in enumerate(zip(pages, slides)):
        frames = _frames(slide["video"], tmp_path)
        cover = _image(slide["cover"], tmp_path)
        assert_not_blank(page)
        assert_not_blank(cover)
        # the cover is the segment's last frame (the beat's moment), within the encoder's loss
        assert _like(cover, frames[-1]) < 6, f"slide {k + 1}: the cover is not the beat's last frame"
        if len(frames) > 1 and _like(frames[0], frames[-1]) > 12:
            assert _like(cover, frames[0]) > _like(cover, frames[-1]), f"slide {k + 1} shows its first frame"
        # and the PDF page shows that cover, filling the page
        assert _like(page, cover) < 12, f"page {k + 1} of {pdf.name} does not show the slide's picture"


def _segments(folder: Path, width: int, height: int, count: int = 2) -> tuple[list[Path], list[Path]]:
    """Tiny MP4 segments of width x height (a grey ramp, 3 frames each) and their covers."""
    from scenes.output.formats import encode

    videos, covers = [], []
    for k in range(count):
        video, cover = folder / f"seg{k}.mp4", folder / f"seg{k}.png"
        writer = encode.VideoWriter(video, "mp4", width, height, 5)
        for i in range(3):
            frame = np.zeros((height, width, 4), np.uint8)
            frame[..., :3] = (40 * (i + 1) + 30 * k) % 256
            frame[..., 3] = 255
            writer.write(frame)
        writer.close()
        Image.fromarray(np.full((height, width, 3), 100, np.uint8)).save(cover)
        videos.append(video)
        covers.append(cover)
    return videos, covers


@pytest.mark.parametrize("aspect", list(STANDARD))
@pytest.mark.parametrize("short", [480, 1080])
def test_slide_sizes_are_standard(tmp_path, aspect, short):
    """A deck at each aspect and pixel size (the sizes render.py makes): the slide is PowerPoint's standard
    size for the aspect (read from the package's presentation.xml), and each video fits inside it with its
    own shape, centred, filling it along one side."""
    from pptx import Presentation

    from scenes.kit.layout import Canvas
    from scenes.output.formats import pptx_deck

    width, height = Canvas(aspect).pixels(short)
    videos, covers = _segments(tmp_path, width, height)
    deck = tmp_path / "deck.pptx"
    pptx_deck.write(videos, covers, ["one", "two"], width, height, deck)
    with zipfile.ZipFile(deck) as z:
        xml = z.read("ppt/presentation.xml").decode()
    w_in, h_in = STANDARD[aspect]
    want = (round(w_in * INCH), round(h_in * INCH))
    assert f'cx="{want[0]}" cy="{want[1]}"' in xml
    prs = Presentation(str(deck))
    assert (prs.slide_width, prs.slide_height) == want
    assert [s.notes_slide.notes_text_frame.text for s in prs.slides] == ["one", "two"]
    for slide in _slides(deck):
        left, top, w, h = slide["box"]
        assert left >= 0 and top >= 0 and left + w <= want[0] + 1 and top + h <= want[1] + 1
        assert abs(w / h - width / height) < 0.01
        assert abs(left - (want[0] - left - w)) <= 2 and abs(top - (want[1] - top - h)) <= 2
        assert max(w / want[0], h / want[1]) > 0.99, "the video fills the slide along one side"
