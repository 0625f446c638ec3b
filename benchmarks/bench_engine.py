"""Engine benchmark: per-stage ms per photo for our pipeline, each net's FLOPs and share of the
machine's float32 matmul peak, time spent outside the nets, and face-api.js (Node) side by side.

usage: python benchmarks/bench_engine.py [--runs 10] [--no-peers] [--json OUT.json] [IMAGE...]
Defaults to faces.jpg and examples/bbt1.jpg of ../shared/faceapi (or $FACEORGANIZER_FACEAPI_DIR).
The peers (face-api.js 0.22.2 on tfjs-core's CPU backend, @vladmandic/face-api 1.7.15 on tfjs WASM
with SIMD) are npm-installed on first use under benchmarks/node/ (see peers.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from faceorganizer.api.analyze import FULL, StageTimes, analyze  # noqa: E402
from faceorganizer.api.options import MtcnnOptions, SsdMobilenetv1Options, TinyFaceDetectorOptions, TinyYolov2Options  # noqa: E402
from faceorganizer.imaging import decode  # noqa: E402
from faceorganizer.nets import registry  # noqa: E402
from faceorganizer.nets.session import create_session, default_threads, model_path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FACEAPI = Path(os.environ.get("FACEORGANIZER_FACEAPI_DIR", REPO.parent / "shared" / "faceapi"))
DEFAULT_IMAGES = [FACEAPI / "test-images" / "faces.jpg", FACEAPI / "examples" / "bbt1.jpg"]

# our full pipelines, each with its detector's options
PIPELINES = {
    "ssd_full": SsdMobilenetv1Options(),
    "tiny416_full": TinyFaceDetectorOptions(),
    "yolo416_full": TinyYolov2Options(),
    "mtcnn_full": MtcnnOptions(),  # face-api.js's legacy MTCNN, minFaceSize 20
}
# the peers' stages timed beside ours; a detection-only stage is compared with the "detect" stage of our pipeline
PEER_STAGES = ("ssd_detect", "ssd_full", "tiny416_full", "yolo416_detect", "mtcnn_detect")
DETECT_IN = {"ssd_detect": "ssd_full", "yolo416_detect": "yolo416_full", "mtcnn_detect": "mtcnn_full"}
# nets whose time counts as "in the nets" beside NETS (MTCNN's three stage sessions have no single input side)
TIMED_ONLY = ("mtcnn",)

# net attribute of the registry -> (ONNX file, input side, per face?)
NETS = {
    "ssd_mobilenetv1": ("ssd_mobilenetv1.onnx", 512, False),
    "tiny_face_detector": ("tiny_face_detector.onnx", 416, False),
    "tiny_yolov2": ("tiny_yolov2.onnx", 416, False),
    "face_landmark_68": ("face_landmark_68.onnx", 112, True),
    "face_recognition": ("face_recognition.onnx", 150, True),
    "face_expression": ("face_expression.onnx", 112, True),
    "age_gender": ("age_gender.onnx", 112, True),
}


def median_ms(fn, runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def model_flops(filename: str, side: int) -> float:
    """Multiply-adds x 2 of Conv / Gemm / MatMul nodes for one input of side x side (shape inference)."""
    import onnx
    from onnx import shape_inference

    model = onnx.load(str(model_path(filename)))
    model.graph.input[0].type.tensor_type.shape.dim[0].dim_value = 1
    for d, v in zip(model.graph.input[0].type.tensor_type.shape.dim[1:3], (side, side)):
        d.dim_value = v
    inferred = shape_inference.infer_shapes(model, data_prop=True)
    shapes = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.output) + list(inferred.graph.input):
        shapes[vi.name] = [d.dim_value for d in vi.type.tensor_type.shape.dim]
    for init in inferred.graph.initializer:
        shapes[init.name] = list(init.dims)
    flops = 0.0
    for node in inferred.graph.node:
        if node.op_type == "Conv":
            out = shapes.get(node.output[0])
            w = shapes.get(node.input[1])
            if out and w and all(out):
                flops += 2.0 * float(np.prod(out)) * w[1] * w[2] * w[3]
        elif node.op_type in ("Gemm", "MatMul"):
            a, out = shapes.get(node.input[0]), shapes.get(node.output[0])
            if a and out and all(out):
                flops += 2.0 * float(np.prod(out)) * a[-1]
    return flops


def matmul_peak_gflops(threads: int) -> float:
    """float32 GEMM throughput of onnxruntime on this machine (the ceiling for conv-heavy nets)."""
    import onnx
    from onnx import TensorProto, helper

    n = 1024
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["c"])],
        "peak",
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, [n, n]) for x in ("a", "b")],
        [helper.make_tensor_value_info("c", TensorProto.FLOAT, [n, n])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    sess = create_session(onnx._serialize(model) if hasattr(onnx, "_serialize") else model.SerializeToString(), threads)
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    ms = median_ms(lambda: sess.run(None, {"a": a, "b": a}), runs=20, warmup=3)
    return 2.0 * n**3 / (ms / 1000) / 1e9


def net_ms(name: str, batch: int, runs: int) -> float:
    """ms of one session run of a net on a batch (random pixels), through the shared registry session."""
    filename, side, _ = NETS[name]
    net = getattr(registry(), name)
    x = np.random.default_rng(1).uniform(0, 255, (batch, side, side, 3)).astype(np.float32)
    return median_ms(lambda: net.run(x), runs=runs, warmup=2)


def bench_ours(images: dict[str, np.ndarray], runs: int) -> dict:
    out: dict = {}
    nets = registry()
    for name, pixels in images.items():
        row: dict = {}
        for label, options in PIPELINES.items():
            analyze(pixels, options, FULL)  # warm
            per_stage: dict[str, list[float]] = {}
            totals, net_totals = [], []
            for _ in range(runs):
                before = sum(getattr(nets, n).run_seconds for n in (*NETS, *TIMED_ONLY))
                times = StageTimes()
                t = time.perf_counter()
                faces = analyze(pixels, options, FULL, times=times)
                totals.append((time.perf_counter() - t) * 1000)
                net_totals.append((sum(getattr(nets, n).run_seconds for n in (*NETS, *TIMED_ONLY)) - before) * 1000)
                for stage, s in times.items():
                    per_stage.setdefault(stage, []).append(s * 1000)
            total = statistics.median(totals)
            nets_ms = statistics.median(net_totals)
            row[label] = {
                "faces": len(faces),
                "total_ms": round(total, 2),
                "stages_ms": {k: round(statistics.median(v), 2) for k, v in per_stage.items()},
                "in_nets_ms": round(nets_ms, 2),
                "outside_nets_share": round(1 - nets_ms / total, 3),
            }
        out[name] = row
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("images", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--peer-runs", type=int, default=5, help="timed runs of the WASM peer")
    ap.add_argument("--cpu-runs", type=int, default=1, help="timed runs of face-api.js on tfjs-core CPU (~20 s each)")
    ap.add_argument("--no-peers", action="store_true", help="skip the Node peers")
    ap.add_argument("--json", type=Path, help="write all numbers here")
    args = ap.parse_args(argv)
    paths = args.images or DEFAULT_IMAGES
    for p in paths:
        if not p.is_file():
            print(f"{p}: not found (set FACEORGANIZER_FACEAPI_DIR or pass images)", file=sys.stderr)
            return 2
    threads = default_threads()
    report: dict = {"threads": threads, "cpu_count": os.cpu_count(), "loadavg_start": os.getloadavg()[0]}
    images = {p.name: decode(p).pixels for p in paths}
    report["decode_ms"] = {p.name: round(median_ms(lambda p=p: decode(p), args.runs), 2) for p in paths}
    report["ours"] = bench_ours(images, args.runs)

    peak = matmul_peak_gflops(threads)
    report["matmul_peak_gflops"] = round(peak, 1)
    report["nets"] = {}
    for name, (filename, side, per_face) in NETS.items():
        flops = model_flops(filename, side)
        batch = 6 if per_face else 1
        ms = net_ms(name, batch, args.runs) / batch
        report["nets"][name] = {
            "input": side,
            "gflop_per_item": round(flops / 1e9, 3),
            "ms_per_item": round(ms, 3),
            "batch": batch,
            "peak_fraction": round(flops / (ms / 1000) / 1e9 / peak, 3),
        }

    if not args.no_peers:
        from peers import run_peers

        report["peers"] = run_peers(
            images,
            runs=args.peer_runs,
            warmup=1,
            weights_dir=FACEAPI / "weights" if (FACEAPI / "weights").is_dir() else None,
            cpu_runs=args.cpu_runs,
            cpu_warmup=0,
            stages=PEER_STAGES,
        )
    report["loadavg_end"] = os.getloadavg()[0]
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


def format_report(r: dict) -> str:
    lines = [
        f"threads {r['threads']} of {r['cpu_count']} cores; load {r['loadavg_start']:.1f} -> {r['loadavg_end']:.1f}"
    ]
    lines.append(f"float32 matmul peak (onnxruntime, 1024^3): {r['matmul_peak_gflops']} GFLOP/s")
    lines.append("")
    lines.append(f"{'net':20s} {'input':>5s} {'GFLOP':>7s} {'ms/item':>8s} {'of peak':>8s}")
    for name, n in r["nets"].items():
        lines.append(
            f"{name:20s} {n['input']:5d} {n['gflop_per_item']:7.3f} {n['ms_per_item']:8.2f} {n['peak_fraction']:8.0%}"
        )
    lines.append("")
    for img, row in r["ours"].items():
        lines.append(f"{img}: decode {r['decode_ms'][img]:.1f} ms (Pillow, EXIF-aware)")
        for label, v in row.items():
            stages = ", ".join(f"{k} {ms:.1f}" for k, ms in v["stages_ms"].items())
            lines.append(
                f"  ours {label}: {v['total_ms']:.1f} ms for {v['faces']} faces ({stages}); "
                f"outside the nets {v['outside_nets_share']:.0%}"
            )
        for peer, res in r.get("peers", {}).items():
            st = res["images"][img]
            for label in PEER_STAGES:
                if label not in st:
                    continue
                theirs = st[label]["median_ms"]
                ours = row[DETECT_IN[label]]["stages_ms"]["detect"] if label in DETECT_IN else row[label]["total_ms"]
                faces = st[label]["faces"]
                lines.append(
                    f"  {peer} {label}: {theirs:.1f} ms ({faces} faces) -> ours is {theirs / ours:.1f}x faster"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
