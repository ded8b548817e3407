#!/usr/bin/env python3
"""Model-level GPU measurement of the DCT-Net generators (no .NET on the GPU machine).

Runs the real ONNX graphs on CUDA and records per-image time and peak GPU memory at
batch 1, 2, 4, 8, 16 for 288x288 heads and 720x720 backgrounds (plus 720x1280 for the
cost model's pixel slope). Uses onnxruntime's CUDA EP when the installed onnxruntime has
it; otherwise a small ONNX-to-PyTorch interpreter for the 14 op types these graphs use
(checked against onnxruntime CPU on the same input before any timing).

usage: dctnet_gpu_bench.py MODELS_DIR OUT_JSON
"""
import json, sys, time, platform
import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F

DT = {1: torch.float32, 10: torch.float16, 7: torch.int64, 6: torch.int32, 11: torch.float64}


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class TorchGraph:
    def __init__(self, path, device):
        m = onnx.load(path)
        self.g = m.graph
        self.dev = device
        self.init = {}
        for t in self.g.initializer:
            a = numpy_helper.to_array(t)
            on_gpu = a.dtype in (np.float16, np.float32)
            self.init[t.name] = torch.from_numpy(a.copy()).to(device if on_gpu else "cpu")
        # Cast of constant fp16 weights to fp32 is folded once, as ORT's constant folding does.
        for n in self.g.node:
            if n.op_type == "Cast" and n.input[0] in self.init:
                self.init[n.output[0]] = self.init[n.input[0]].to(DT[attrs(n)["to"]])
        self.nodes = [n for n in self.g.node if not (n.op_type == "Cast" and n.input[0] in self.init)]
        self.attrs = [attrs(n) for n in self.nodes]
        # free each intermediate after its last reader, so peak memory reflects liveness, as ORT's planner does
        last = {}
        for k, n in enumerate(self.nodes):
            for s in n.input:
                last[s] = k
        outs = {o.name for o in self.g.output}
        self.free_after = [[s for s in set(n.input) if s and last.get(s) == k and s not in self.init and s not in outs]
                           for k, n in enumerate(self.nodes)]

    def run(self, x):
        env = dict(self.init)
        env[self.g.input[0].name] = x
        for n, a, dead in zip(self.nodes, self.attrs, self.free_after):
            i = [env[s] if s else None for s in n.input]
            op = n.op_type
            if op == "Conv":
                k = a.get("kernel_shape")
                p = list(a.get("pads", [0, 0, 0, 0]))
                xin = i[0]
                ap = a.get("auto_pad", b"NOTSET").decode()
                if ap in ("SAME_UPPER", "SAME_LOWER"):
                    st, dl = a.get("strides", [1, 1]), a.get("dilations", [1, 1])
                    for d in range(2):
                        size = xin.shape[2 + d]
                        out = -(-size // st[d])
                        tot = max((out - 1) * st[d] + (k[d] - 1) * dl[d] + 1 - size, 0)
                        lo = tot // 2 if ap == "SAME_UPPER" else tot - tot // 2
                        p[d], p[d + 2] = lo, tot - lo
                if p[0] != p[2] or p[1] != p[3]:
                    xin = F.pad(xin, (p[1], p[3], p[0], p[2]))
                    pad = 0
                else:
                    pad = (p[0], p[1])
                y = F.conv2d(xin, i[1], i[2] if len(i) > 2 else None, stride=a.get("strides", [1, 1]),
                             padding=pad, dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))
            elif op == "Cast":
                y = i[0].to(DT[a["to"]])
            elif op == "Mul":
                y = i[0] * i[1]
            elif op == "Add":
                y = i[0] + i[1]
            elif op == "Sub":
                y = i[0] - i[1]
            elif op == "Div":
                y = i[0] / i[1]
            elif op == "Reciprocal":
                y = 1.0 / i[0]
            elif op == "LeakyRelu":
                y = F.leaky_relu(i[0], a.get("alpha", 0.01))
            elif op == "Relu":
                y = F.relu(i[0])
            elif op == "Transpose":
                y = i[0].permute(*a["perm"]).contiguous()
            elif op == "Shape":
                y = torch.tensor(list(i[0].shape), dtype=torch.int64)
            elif op == "Slice":
                data, starts, ends = i[0], i[1].tolist(), i[2].tolist()
                axes = i[3].tolist() if len(i) > 3 and i[3] is not None else list(range(len(starts)))
                steps = i[4].tolist() if len(i) > 4 and i[4] is not None else [1] * len(starts)
                sl = [slice(None)] * data.dim()
                for s, e, ax, st in zip(starts, ends, axes, steps):
                    d = data.shape[ax]
                    e = min(e, d) if e >= 0 else e
                    sl[ax] = slice(s, e, st)
                y = data[tuple(sl)]
            elif op == "Concat":
                parts = [t.to(i[0].device) for t in i]
                y = torch.cat(parts, dim=a["axis"])
            elif op == "ConstantOfShape":
                v = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
                shape = [int(s) for s in i[0].tolist()]
                y = torch.full(shape, float(v.reshape(-1)[0]), dtype=torch.from_numpy(v).dtype, device=self.dev)
            elif op == "Resize":
                mode = a.get("mode", b"nearest").decode()
                ctm = a.get("coordinate_transformation_mode", b"half_pixel").decode()
                sizes = i[3].tolist() if len(i) > 3 and i[3] is not None else None
                if sizes is None:
                    sc = i[2].tolist()
                    sizes = [int(i[0].shape[k] * sc[k]) for k in range(4)]
                hw = [int(sizes[2]), int(sizes[3])]
                if mode == "linear" and ctm == "asymmetric":
                    y = resize_asymmetric(i[0], hw)
                elif mode == "linear":
                    y = F.interpolate(i[0], size=hw, mode="bilinear", align_corners=(ctm == "align_corners"))
                else:
                    y = F.interpolate(i[0], size=hw, mode="nearest")
            else:
                raise NotImplementedError(op)
            env[n.output[0]] = y
            for d in dead:
                if d != self.g.input[0].name:
                    del env[d]
        return env[self.g.output[0].name]


def resize_asymmetric(x, hw):
    # ONNX linear/asymmetric: src = dst * in/out (TF1 resize_bilinear, align_corners=False)
    n, c, h, w = x.shape
    ys = (torch.arange(hw[0], device=x.device, dtype=torch.float32) * (h / hw[0])).clamp(max=h - 1)
    xs = (torch.arange(hw[1], device=x.device, dtype=torch.float32) * (w / hw[1])).clamp(max=w - 1)
    gy = ys / max(h - 1, 1) * 2 - 1
    gx = xs / max(w - 1, 1) * 2 - 1
    grid = torch.stack(torch.meshgrid(gy, gx, indexing="ij")[::-1], dim=-1).unsqueeze(0).expand(n, -1, -1, -1)
    return F.grid_sample(x, grid.to(x.dtype), mode="bilinear", padding_mode="border", align_corners=True)


def ort_cpu(path, x):
    import onnxruntime as ort
    s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return s.run(None, {s.get_inputs()[0].name: x})[0]


def time_it(fn, reps):
    torch.cuda.synchronize()
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    t = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); torch.cuda.synchronize(); t.append(time.perf_counter() - t0)
    return float(np.median(t)) * 1000


def main():
    models, out = sys.argv[1], sys.argv[2]
    dev = torch.device("cuda")
    torch.backends.cudnn.benchmark = True
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    res = {"date": time.strftime("%Y-%m-%d"), "gpu": torch.cuda.get_device_name(0),
           "torch": torch.__version__, "cudnn": torch.backends.cudnn.version(), "host": platform.node(), "runs": []}
    try:
        import onnxruntime as ort
        res["onnxruntime"] = ort.__version__
        res["ort_providers"] = ort.get_available_providers()
    except Exception as e:
        res["onnxruntime"] = repr(e)
    rng = np.random.default_rng(0)
    configs = [("head", 288, 288, [1, 2, 4, 8, 16]), ("bg", 720, 720, [1, 2, 4, 8, 16]), ("bg", 720, 1280, [1, 2, 4, 8])]
    for kind, h, w, batches in configs:
        path = f"{models}/dctnet_anime_{kind}.onnx"
        g = TorchGraph(path, dev)
        # correctness gate: torch-on-CUDA vs onnxruntime CPU on a 2-image batch
        if (h, w) != (720, 1280):
            x = rng.uniform(0, 255, (2, h, w, 3)).astype(np.float32)
            ref = ort_cpu(path, x)
            with torch.no_grad():
                got = g.run(torch.from_numpy(x).to(dev)).float().cpu().numpy()
            diff = float(np.abs(ref - got).max())
            res["runs"].append({"check": f"{kind} {h}x{w}", "max_abs_diff_vs_ort_cpu": diff})
            print("check", kind, h, w, "max|diff|", diff, flush=True)
            assert diff < 0.02, diff
        torch.cuda.synchronize()
        base = torch.cuda.memory_allocated()
        for n in batches:
            x = torch.from_numpy(rng.uniform(0, 255, (n, h, w, 3)).astype(np.float32)).to(dev)
            with torch.no_grad():
                ms = time_it(lambda: g.run(x), 10 if n <= 8 else 5)
                # peak of a warm pass (after cudnn's algorithm search), input tensor included
                torch.cuda.reset_peak_memory_stats()
                g.run(x)
                torch.cuda.synchronize()
                peak = torch.cuda.max_memory_allocated() - base
            r = {"net": kind, "h": h, "w": w, "batch": n, "ms_per_batch": round(ms, 3),
                 "ms_per_image": round(ms / n, 3), "peak_bytes_above_weights": int(peak),
                 "peak_mib_per_image": round(peak / n / 2**20, 1)}
            res["runs"].append(r)
            print(json.dumps(r), flush=True)
            del x
            torch.cuda.empty_cache()
    json.dump(res, open(out, "w"), indent=1)


if __name__ == "__main__":
    main()
