#!/usr/bin/env python3
"""Writes the bundled cfg/ files from compact descriptions of each architecture.

usage: tools/gencfg.py [--check] [OUTDIR]

These cfgs are written by yoloflops itself (not copied from any project): each
function below spells out a published architecture block by block. They carry
only what defines the network (shapes, filters, activations, heads), not
training hyper-parameters. --check compares with the files in OUTDIR and exits
1 on any difference.
"""
import os
import sys

COCO_V3_ANCHORS = "10,13, 16,30, 33,23, 30,61, 62,45, 59,119, 116,90, 156,198, 373,326"
V4_ANCHORS = "12,16, 19,36, 40,28, 36,75, 76,55, 72,146, 142,110, 192,243, 459,401"
TINY_ANCHORS = "10,14, 23,27, 37,58, 81,82, 135,169, 344,319"


class Net:
    def __init__(self, title, width, height, notes=()):
        self.lines = ["# %s" % title, "# Written for yoloflops (tools/gencfg.py); no training settings."]
        self.lines += ["# %s" % n for n in notes]
        self.lines += ["", "[net]", "width=%d" % width, "height=%d" % height, "channels=3"]
        self.n = 0

    def add(self, section, **keys):
        self.lines += ["", "[%s]" % section]
        self.lines += ["%s=%s" % (k, v) for k, v in keys.items()]
        self.n += 1
        return self.n - 1

    def conv(self, filters, size, stride=1, act="leaky", bn=True):
        keys = {}
        if bn:
            keys["batch_normalize"] = 1
        keys.update(filters=filters, size=size, stride=stride, pad=1, activation=act)
        return self.add("convolutional", **keys)

    def head(self, classes, mask, anchors, num, **extra):
        self.conv((classes + 5) * len(mask), 1, act="linear" if not extra.get("logistic") else "logistic", bn=False)
        extra.pop("logistic", None)
        return self.add("yolo", mask=",".join(map(str, mask)), anchors=anchors, classes=classes,
                        num=num, **extra)

    def route(self, *layers, **keys):
        return self.add("route", layers=",".join(map(str, layers)), **keys)

    def shortcut(self, frm=-3, act="linear"):
        return self.add("shortcut", **{"from": frm, "activation": act})

    def maxpool(self, size, stride):
        return self.add("maxpool", size=size, stride=stride)

    def upsample(self):
        return self.add("upsample", stride=2)

    def text(self):
        return "\n".join(self.lines) + "\n"


def residual(net, filters, blocks, act="leaky", hidden=None):
    """Darknet-53 residual blocks: 1x1 reduce, 3x3 expand, add."""
    for _ in range(blocks):
        net.conv(hidden or filters // 2, 1, act=act)
        net.conv(filters, 3, act=act)
        net.shortcut(-3)


def spp(net):
    """Spatial pyramid pooling: 5, 9 and 13 max pools of the same map, concatenated."""
    net.maxpool(5, 1)
    net.route(-2)
    net.maxpool(9, 1)
    net.route(-4)
    net.maxpool(13, 1)
    net.route(-1, -3, -5, -6)


def darknet53(net):
    """Returns the indexes of the three feature maps (strides 8, 16, 32)."""
    net.conv(32, 3)
    taps = []
    for filters, blocks in ((64, 1), (128, 2), (256, 8), (512, 8), (1024, 4)):
        net.conv(filters, 3, 2)
        residual(net, filters, blocks)
        taps.append(net.n - 1)
    return taps[2], taps[3]


def yolov3_neck(net, c3, c4, with_spp=False):
    net.conv(512, 1)
    net.conv(1024, 3)
    net.conv(512, 1)
    if with_spp:
        spp(net)
        net.conv(512, 1)
    net.conv(1024, 3)
    net.conv(512, 1)
    net.conv(1024, 3)
    net.head(80, [6, 7, 8], COCO_V3_ANCHORS, 9, jitter=".3", ignore_thresh=".7", truth_thresh=1, random=1)
    for filters, tap, mask in ((256, c4, [3, 4, 5]), (128, c3, [0, 1, 2])):
        net.route(-4)
        net.conv(filters, 1)
        net.upsample()
        net.route(-1, tap)
        for _ in range(3):
            net.conv(filters, 1)
            net.conv(filters * 2, 3)
        net.head(80, mask, COCO_V3_ANCHORS, 9, jitter=".3", ignore_thresh=".7", truth_thresh=1, random=1)


def yolov3(with_spp=False):
    title = "YOLOv3-SPP (Darknet-53, spatial pyramid pooling), 80 classes" if with_spp else \
        "YOLOv3 (Darknet-53 backbone, three scales), 80 classes"
    net = Net(title, 608 if with_spp else 416, 608 if with_spp else 416)
    c3, c4 = darknet53(net)
    yolov3_neck(net, c3, c4, with_spp)
    return net


def yolov3_tiny():
    net = Net("YOLOv3-tiny, 80 classes", 416, 416)
    for i, filters in enumerate((16, 32, 64, 128, 256, 512)):
        net.conv(filters, 3)
        net.maxpool(2, 1 if i == 5 else 2)
    net.conv(1024, 3)
    net.conv(256, 1)
    net.conv(512, 3)
    net.head(80, [3, 4, 5], TINY_ANCHORS, 6, jitter=".3", ignore_thresh=".7", truth_thresh=1, random=1)
    net.route(-4)
    net.conv(128, 1)
    net.upsample()
    net.route(-1, 8)
    net.conv(256, 3)
    net.head(80, [0, 1, 2], TINY_ANCHORS, 6, jitter=".3", ignore_thresh=".7", truth_thresh=1, random=1)
    return net


def yolov4_tiny():
    net = Net("YOLOv4-tiny (CSP-Darknet53-tiny with channel-split routes), 80 classes", 416, 416)
    net.conv(32, 3, 2)
    net.conv(64, 3, 2)
    for filters in (64, 128, 256):
        net.conv(filters, 3)
        net.route(-1, groups=2, group_id=1)
        net.conv(filters // 2, 3)
        net.conv(filters // 2, 3)
        net.route(-1, -2)
        net.conv(filters, 1)
        tap = net.route(-6, -1) - 1
        net.maxpool(2, 2)
    net.conv(512, 3)
    net.conv(256, 1)
    net.conv(512, 3)
    extra = dict(scale_x_y="1.05", iou_thresh=".213", iou_loss="ciou", nms_kind="greedynms", beta_nms=".6")
    net.head(80, [3, 4, 5], TINY_ANCHORS, 6, **extra)
    net.route(-4)
    net.conv(128, 1)
    net.upsample()
    net.route(-1, tap)
    net.conv(256, 3)
    net.head(80, [1, 2, 3], TINY_ANCHORS, 6, **extra)
    return net


def csp_stage(net, filters, blocks, act, first=False):
    """CSPDarknet53 stage: downsample, split into a shortcut path and a
    residual path, merge with a 1x1 transition."""
    net.conv(filters, 3, 2, act=act)
    part = filters if first else filters // 2
    net.conv(part, 1, act=act)
    net.route(-2)
    net.conv(part, 1, act=act)
    residual(net, part, blocks, act=act, hidden=filters // 2)
    net.conv(part, 1, act=act)
    net.route(-1, -(3 * blocks + 4))
    return net.conv(filters, 1, act=act)


def yolov4():
    net = Net("YOLOv4 (CSPDarknet53, SPP, PANet), 80 classes", 608, 608)
    net.conv(32, 3, act="mish")
    taps = [csp_stage(net, f, b, "mish", first=(f == 64))
            for f, b in ((64, 1), (128, 2), (256, 8), (512, 8), (1024, 4))]
    net.conv(512, 1)
    net.conv(1024, 3)
    net.conv(512, 1)
    spp(net)
    net.conv(512, 1)
    net.conv(1024, 3)
    pan = [net.conv(512, 1)]
    for filters, tap in ((256, taps[3]), (128, taps[2])):
        net.conv(filters, 1)
        net.upsample()
        net.route(tap)
        net.conv(filters, 1)
        net.route(-1, -3)
        for _ in range(2):
            net.conv(filters, 1)
            net.conv(filters * 2, 3)
        pan.append(net.conv(filters, 1))
    extra = dict(jitter=".3", ignore_thresh=".7", truth_thresh=1, random=1, iou_thresh=".213",
                 cls_normalizer="1.0", iou_normalizer="0.07", iou_loss="ciou", nms_kind="greedynms",
                 beta_nms="0.6", max_delta=5)
    net.conv(256, 3)
    net.head(80, [0, 1, 2], V4_ANCHORS, 9, scale_x_y="1.2", **extra)
    for filters, tap, mask, scale in ((256, pan[1], [3, 4, 5], "1.1"), (512, pan[0], [6, 7, 8], "1.05")):
        net.route(-4)
        net.conv(filters, 3, 2)
        net.route(-1, tap)
        for _ in range(3):
            net.conv(filters, 1)
            net.conv(filters * 2, 3)
        net.head(80, mask, V4_ANCHORS, 9, scale_x_y=scale, **extra)
    return net


def csp_block(net, filters, act):
    """CSP neck block: transition, split, two 1x1/3x3 pairs, merge, transition."""
    net.conv(filters, 1, act=act)
    net.conv(filters, 1, act=act)
    net.route(-2)
    net.conv(filters, 1, act=act)
    net.conv(filters, 3, act=act)
    net.conv(filters, 1, act=act)
    net.conv(filters, 3, act=act)
    net.route(-1, -6)
    return net.conv(filters, 1, act=act)


def yolov4_csp():
    net = Net("YOLOv4-CSP (Scaled-YOLOv4: CSP backbone, CSP-SPP, CSP-PAN), 80 classes", 512, 512)
    act = "mish"
    net.conv(32, 3, act=act)
    net.conv(64, 3, 2, act=act)
    residual(net, 64, 1, act=act, hidden=32)
    taps = [csp_stage(net, f, b, act) for f, b in ((128, 2), (256, 8), (512, 8), (1024, 4))]
    net.conv(512, 1, act=act)
    net.route(-2)
    net.conv(512, 1, act=act)
    net.conv(512, 3, act=act)
    net.conv(512, 1, act=act)
    spp(net)
    net.conv(512, 1, act=act)
    net.conv(512, 3, act=act)
    net.route(-1, -13)
    pan = [net.conv(512, 1, act=act)]
    for filters, tap in ((256, taps[2]), (128, taps[1])):
        net.conv(filters, 1, act=act)
        net.upsample()
        net.route(tap)
        net.conv(filters, 1, act=act)
        net.route(-1, -3)
        pan.append(csp_block(net, filters, act))
    extra = dict(jitter=".1", ignore_thresh=".7", truth_thresh=1, random=1, scale_x_y="2.0",
                 objectness_smooth=1, iou_thresh=".2", iou_normalizer="0.05", cls_normalizer="0.5",
                 obj_normalizer="0.4", iou_loss="ciou", nms_kind="diounms", beta_nms="0.6",
                 new_coords=1, max_delta=2, logistic=1)
    net.conv(256, 3, act=act)
    net.head(80, [0, 1, 2], V4_ANCHORS, 9, **extra)
    for filters, tap, mask in ((256, pan[1], [3, 4, 5]), (512, pan[0], [6, 7, 8])):
        net.route(-4)
        net.conv(filters, 3, 2, act=act)
        net.route(-1, tap)
        csp_block(net, filters, act)
        net.conv(filters * 2, 3, act=act)
        net.head(80, mask, V4_ANCHORS, 9, **extra)
    return net


MODELS = {
    "yolov3.cfg": yolov3,
    "yolov3-spp.cfg": lambda: yolov3(with_spp=True),
    "yolov3-tiny.cfg": yolov3_tiny,
    "yolov4.cfg": yolov4,
    "yolov4-tiny.cfg": yolov4_tiny,
    "yolov4-csp.cfg": yolov4_csp,
}


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    out = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cfg")
    bad = 0
    for name, build in MODELS.items():
        text = build().text()
        path = os.path.join(out, name)
        if check:
            try:
                with open(path) as f:
                    same = f.read() == text
            except OSError:
                same = False
            if not same:
                print("gencfg: %s differs from what tools/gencfg.py writes" % path)
                bad = 1
        else:
            with open(path, "w") as f:
                f.write(text)
    return bad


if __name__ == "__main__":
    sys.exit(main())
