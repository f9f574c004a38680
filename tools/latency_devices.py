#!/usr/bin/env python3
"""Writes data/latency/devices.json, the device presets of the latency model
(docs/latency.md), from the table below: figures and tags from
../shared/reference/latency/devices.md; Hailo-8 from the sources named in its rows.

Every number: (value, tag, source, note).  Tags: datasheet / derived / unverified as in
devices.md, plus 'default' for model defaults that are not device data (per-kernel launch
overhead before fitting, an assumed host CPU for discrete GPUs).
Spec keys are the --device-spec keys (SI units: FLOP/s, op/s, bytes/s, bytes, us, GHz).
"""
import json
import os

T, G, M = 1e12, 1e9, 1e6
GiB = 1024 ** 3

SOURCES = {
    "NV-TUR": "NVIDIA Technical Blog, 'NVIDIA Turing Architecture In-Depth' (Kilgariff et al., 2018-09-14), Table 1 and text",
    "NV-AMP": "NVIDIA Technical Blog, 'NVIDIA Ampere Architecture In-Depth' (Krashinsky et al., 2020-05-14), Tables 1 and 3",
    "NV-NX": "NVIDIA Jetson Xavier NX module data sheet DA-09366-001 (preliminary)",
    "NV-ON": "NVIDIA Jetson Orin Nano series data sheet",
    "NV-TX2": "NVIDIA Jetson TX2 module data sheet v1.1",
    "CORAL": "coral.ai 'Edge TPU performance benchmarks'",
    "RPI-G": "The Official Raspberry Pi Beginner's Guide, Appendix F",
    "S-alldbin": "cpu-gpu.alldbin.com spec database (secondary)",
    "S-hmc-tech": "hmc-tech.com spec database (secondary)",
    "S-mzph.cn": "mzph.cn summary of the NVIDIA Jetson AGX Orin technical brief (secondary)",
    "S-brojogopalsapui": "brojogopalsapui.com Orin Nano page citing the NVIDIA data sheet (secondary)",
    "S-bit-tech": "bit-tech Turing launch article (secondary)",
    "S-tomshw": "Tom's Hardware launch articles (secondary)",
    "S-sysrqmts": "sysrqmts.com spec database (secondary)",
    "S-waredb": "waredb.com spec database (secondary)",
    "S-geektopia": "geektopia / Tom's Hardware T4 launch reports (secondary)",
    "S-glennklockwood": "glennklockwood.com/garden/processors/h100, citing NVIDIA (secondary)",
    "S-circuitdigest": "circuitdigest Raspberry Pi 5 launch article (secondary)",
    "S-notebookinfo": "notebookinfo.de i7-7700HQ page (secondary)",
    "S-wikichip": "wikichip.org (secondary)",
    "S-cnx-software": "cnx-software.com, 'Learn more about Hailo-8 AI accelerator' (2020-10-07) and the preceding Hailo-8 M.2 post (secondary)",
    "S-hailo-community": "community.hailo.ai thread 'What are differences between Hailo-8 and Hailo-8L?' (Hailo staff answer: Hailo-8 M.2 key M has 4 PCIe lanes; 26 vs 13 TOPS) (secondary, vendor forum)",
    "PCIE": "PCI Express signalling rates: Gen3 8 GT/s, Gen4 16 GT/s, Gen5 32 GT/s per lane, 128b/130b encoding (general knowledge, not read this session)",
    "USB3": "USB 3.0 SuperSpeed 5 Gbit/s signalling, 8b/10b encoding (general knowledge, not read this session)",
    "devices.md": "../shared/reference/latency/devices.md (project reference, compiles the sources above)",
    "model": "docs/latency.md: default of the latency model, not a device figure; fitted values replace it where published data exist (fitted.json)",
    "memory": "no source read this session; value from memory, to verify",
}


def v(value, tag, source, note=""):
    d = {"value": value, "tag": tag, "source": source}
    if note:
        d["note"] = note
    return d


def ov(us, note):
    return v(us, "default", "model", note)


GPU_DESKTOP_HOST = {
    "host_name": v("assumed desktop x86 host (8 cores, 4.0 GHz, AVX2)", "default", "model"),
    "host_fp32": v(8 * 32 * 4.0 * G, "default", "model", "8 cores x 32 FLOP/cycle x 4.0 GHz; the host is whatever PC holds the card"),
    "host_ghz": v(4.0, "default", "model"),
    "host_cores": v(8, "default", "model"),
    "host_bandwidth": v(51.2 * G, "default", "model", "dual-channel DDR4-3200"),
}
GPU_SERVER_HOST = {
    "host_name": v("assumed server x86 host (16 cores, 3.0 GHz, AVX-512)", "default", "model"),
    "host_fp32": v(16 * 64 * 3.0 * G, "default", "model"),
    "host_ghz": v(3.0, "default", "model"),
    "host_cores": v(16, "default", "model"),
    "host_bandwidth": v(150 * G, "default", "model"),
}
PCIE3 = v(12.0 * G, "derived", "PCIE", "Gen3 x16 = 15.75 GB/s signalling; ~12 GB/s achievable pinned D2H assumed (unverified)")
PCIE4 = v(24.0 * G, "derived", "PCIE", "Gen4 x16 = 31.5 GB/s signalling; ~24 GB/s achievable assumed (unverified)")
PCIE5 = v(48.0 * G, "derived", "PCIE", "Gen5 x16 = 63 GB/s signalling; ~48 GB/s achievable assumed (unverified)")


def jetson_host(name, cores, ghz, tag="unverified", source="memory", fp32=None, note=""):
    fp = fp32 if fp32 else v(cores * 8 * ghz * G, "derived", "model", "cores x 8 FLOP/cycle (2x128-bit FMA pipes assumed) x clock; per-core rate unverified")
    return {"host_name": v(name, tag, source, note), "host_fp32": fp, "host_ghz": v(ghz, tag, source, note),
            "host_cores": v(cores, tag, source)}


DEVICES = [
    # ------------------------------------------------------------------ Jetson
    {"id": "jetson-nano", "name": "NVIDIA Jetson Nano (4 GB), Maxwell GM20B 128 cores", "kind": "gpu",
     "aliases": ["nano"],
     "spec": {"fp32": v(0.236 * T, "derived", "devices.md", "128 x 2 x 0.921 GHz; clock unverified (S-alldbin)"),
              "fp16": v(0.472 * T, "derived", "devices.md", "2 x FP32 (native half2 on sm_53); no tensor cores"),
              "bandwidth": v(25.6 * G, "derived", "devices.md", "64-bit x 3200 MT/s; inputs unverified (S-alldbin)"),
              "memory": v(4 * GiB, "unverified", "S-alldbin", "LPDDR4 shared with the CPU"),
              "overhead_us": ov(20, "Jetson default before fitting"),
              "host_link": v(25.6 * G, "derived", "devices.md", "unified memory: host copies run at DRAM speed"),
              "host_bandwidth": v(25.6 * G, "derived", "devices.md", "shared DRAM"),
              **jetson_host("4x Cortex-A57 1.479 GHz", 4, 1.479, "unverified", "devices.md",
                            fp32=v(47 * G, "derived", "devices.md", "jetson-nano-cpu: 4 x 8 FLOP/cycle x 1.479 GHz; per-core rate unverified"))}},
    {"id": "jetson-tx2", "name": "NVIDIA Jetson TX2, Pascal GP10B 256 cores", "kind": "gpu", "aliases": ["tx2"],
     "spec": {"fp32": v(0.666 * T, "derived", "devices.md", "256 x 2 x 1.3 GHz; cores NV-TX2 [datasheet], clock unverified (0.750 at 1.465 GHz)"),
              "fp16": v(1.33 * T, "derived", "devices.md", "2 x FP32; no tensor cores"),
              "bandwidth": v(59.7 * G, "derived", "devices.md", "128-bit x 3733 MT/s; inputs unverified (S-hmc-tech)"),
              "memory": v(8 * GiB, "datasheet", "NV-TX2", "LPDDR4 shared"),
              "overhead_us": ov(20, "Jetson default before fitting"),
              "host_link": v(59.7 * G, "derived", "devices.md", "unified memory"),
              "host_bandwidth": v(59.7 * G, "derived", "devices.md", "shared DRAM"),
              **jetson_host("4x Cortex-A57 + 2x Denver2, 2.0 GHz", 6, 2.0)}},
    {"id": "jetson-xavier-nx", "name": "NVIDIA Jetson Xavier NX (8 GB), Volta 384 cores, 48 tensor cores", "kind": "gpu",
     "aliases": ["xavier-nx", "nx"],
     "spec": {"fp32": v(0.845 * T, "derived", "NV-NX", "384 x 2 x 1.1 GHz"),
              "fp16_notc": v(1.69 * T, "derived", "NV-NX", "2 x FP32"),
              "fp16": v(6.76 * T, "derived", "NV-NX", "tensor cores: 48 x 128 FLOP/clk x 1.1 GHz; per-TC rate NV-TUR"),
              "int8": v(13.5 * T, "derived", "NV-NX", "GPU tensor cores 2 x FP16 TC (sm_72 INT8 rate assumed = Turing's, unverified); module 'Up to 21 TOPS' incl. DLAs [datasheet]"),
              "bandwidth": v(51.2 * G, "derived", "NV-NX", "128-bit x 3200 MT/s"),
              "memory": v(8 * GiB, "datasheet", "NV-NX", "LPDDR4x shared"),
              "overhead_us": ov(15, "Jetson default before fitting"),
              "host_link": v(51.2 * G, "derived", "NV-NX", "unified memory"),
              "host_bandwidth": v(51.2 * G, "derived", "NV-NX", "shared DRAM"),
              **jetson_host("6x Carmel 1.9 GHz", 6, 1.9)}},
    {"id": "jetson-agx-xavier", "name": "NVIDIA Jetson AGX Xavier (32 GB), Volta 512 cores, 64 tensor cores", "kind": "gpu",
     "aliases": ["xavier", "agx-xavier"],
     "spec": {"fp32": v(1.41 * T, "derived", "devices.md", "512 x 2 x 1.377 GHz; clock unverified"),
              "fp16_notc": v(2.82 * T, "derived", "devices.md", "2 x FP32"),
              "fp16": v(11.3 * T, "derived", "devices.md", "64 TC x 128 x 1.377 GHz; counts and clock unverified"),
              "int8": v(22.6 * T, "derived", "devices.md", "2 x FP16 TC, unverified rate; module '32 TOPS' incl. DLAs [unverified]"),
              "bandwidth": v(136.5 * G, "derived", "devices.md", "256-bit x 4266 MT/s; inputs unverified"),
              "memory": v(32 * GiB, "unverified", "devices.md", "16/64 GB modules exist"),
              "overhead_us": ov(15, "Jetson default before fitting"),
              "host_link": v(136.5 * G, "derived", "devices.md", "unified memory"),
              "host_bandwidth": v(136.5 * G, "derived", "devices.md", "shared DRAM"),
              **jetson_host("8x Carmel 2.26 GHz", 8, 2.26)}},
    {"id": "jetson-orin-nano", "name": "NVIDIA Jetson Orin Nano 8 GB (original 625 MHz GPU clock), Ampere 1024 cores, 32 tensor cores", "kind": "gpu",
     "aliases": ["orin-nano"],
     "spec": {"fp32": v(1.28 * T, "derived", "NV-ON", "1024 x 2 x 0.625 GHz"),
              "fp16": v(10.2 * T, "derived", "devices.md", "32 TC x 512 FLOP/clk x 0.625 GHz; per-TC rate back-derived from NVIDIA's dense INT8 figures (devices.md note 1)"),
              "int8": v(20.5 * T, "derived", "devices.md", "32 x 1024 x 0.625 GHz; NVIDIA's '20 TOPS dense' for the 8 GB line unverified"),
              "bandwidth": v(68 * G, "unverified", "S-brojogopalsapui", "68.3 = 128-bit x 4266 MT/s derived"),
              "memory": v(8 * GiB, "datasheet", "NV-ON", "LPDDR5 128-bit shared"),
              "overhead_us": ov(10, "Jetson default before fitting"),
              "host_link": v(68 * G, "unverified", "S-brojogopalsapui", "unified memory"),
              "host_bandwidth": v(68 * G, "unverified", "S-brojogopalsapui", "shared DRAM"),
              **jetson_host("6x Cortex-A78AE 1.5 GHz", 6, 1.5)}},
    {"id": "jetson-orin-nano-super", "name": "NVIDIA Jetson Orin Nano 8 GB 'Super' mode (1.02 GHz GPU, JetPack 6.1+)", "kind": "gpu",
     "aliases": ["orin-nano-super"],
     "spec": {"fp32": v(2.09 * T, "derived", "devices.md", "1024 x 2 x 1.02 GHz; clock S-brojogopalsapui"),
              "fp16": v(16.7 * T, "derived", "devices.md", "32 x 512 x 1.02 GHz"),
              "int8": v(33.4 * T, "derived", "devices.md", "67 TOPS sparse [unverified] / 2"),
              "bandwidth": v(102 * G, "unverified", "S-brojogopalsapui", "128-bit x 6400 MT/s"),
              "memory": v(8 * GiB, "datasheet", "NV-ON"),
              "overhead_us": ov(10, "Jetson default before fitting"),
              "host_link": v(102 * G, "unverified", "S-brojogopalsapui", "unified memory"),
              "host_bandwidth": v(102 * G, "unverified", "S-brojogopalsapui"),
              **jetson_host("6x Cortex-A78AE 1.7 GHz", 6, 1.7)}},
    {"id": "jetson-agx-orin", "name": "NVIDIA Jetson AGX Orin 64 GB, Ampere 2048 cores, 64 tensor cores", "kind": "gpu",
     "aliases": ["agx-orin", "orin"],
     "spec": {"fp32": v(5.3 * T, "unverified", "S-mzph.cn", "5.32 = 2048 x 2 x 1.3 GHz derived"),
              "fp16": v(42.6 * T, "derived", "devices.md", "64 TC x 512 x 1.3 GHz"),
              "int8": v(85 * T, "unverified", "S-mzph.cn", "GPU dense; 170 sparse; module 275 sparse incl. DLAs"),
              "bandwidth": v(204.8 * G, "derived", "devices.md", "256-bit x 6400 MT/s; inputs unverified"),
              "memory": v(64 * GiB, "unverified", "devices.md", "LPDDR5"),
              "overhead_us": ov(8, "Jetson default before fitting"),
              "host_link": v(204.8 * G, "derived", "devices.md", "unified memory"),
              "host_bandwidth": v(204.8 * G, "derived", "devices.md"),
              **jetson_host("12x Cortex-A78AE 2.2 GHz", 12, 2.2)}},
    # ------------------------------------------------------------------ CPUs
    {"id": "rpi4", "name": "Raspberry Pi 4 Model B, 4x Cortex-A72 1.5 GHz", "kind": "cpu", "aliases": ["pi4"],
     "spec": {"fp32": v(96 * G, "derived", "devices.md", "4 x 16 FLOP/cycle x 1.5 GHz; 16 FLOP/cycle unverified; 115 at 1.8 GHz (later boards)"),
              "bandwidth": v(12.8 * G, "derived", "devices.md", "32-bit x 3200 MT/s; '3,200MHz' LPDDR4 RPI-G, bus width unverified"),
              "memory": v(4 * GiB, "unverified", "devices.md", "1-8 GB boards"),
              "overhead_us": ov(10, "CPU runtime default before fitting"),
              "host_name": v("the same CPU", "derived", "RPI-G"),
              "host_fp32": v(96 * G, "derived", "devices.md"), "host_ghz": v(1.5, "datasheet", "RPI-G"),
              "host_cores": v(4, "datasheet", "RPI-G"), "host_bandwidth": v(12.8 * G, "derived", "devices.md")}},
    {"id": "rpi5", "name": "Raspberry Pi 5, 4x Cortex-A76 2.4 GHz", "kind": "cpu", "aliases": ["pi5"],
     "spec": {"fp32": v(154 * G, "derived", "devices.md", "4 x 16 x 2.4 GHz; per-core rate unverified"),
              "fp16": v(307 * G, "derived", "devices.md", "2 x FP32 (ARMv8.2 FP16 vector arithmetic); unverified"),
              "bandwidth": v(17.1 * G, "derived", "devices.md", "32-bit x 4267 MT/s; S-circuitdigest"),
              "memory": v(8 * GiB, "unverified", "S-circuitdigest", "4/8 GB (later 2/16 GB)"),
              "overhead_us": ov(8, "CPU runtime default before fitting"),
              "host_name": v("the same CPU", "unverified", "S-circuitdigest"),
              "host_fp32": v(154 * G, "derived", "devices.md"), "host_ghz": v(2.4, "unverified", "S-circuitdigest"),
              "host_cores": v(4, "unverified", "S-circuitdigest"), "host_bandwidth": v(17.1 * G, "derived", "devices.md")}},
    {"id": "i7-7700hq", "name": "Intel Core i7-7700HQ (4C/8T Kaby Lake, AVX2)", "kind": "cpu", "aliases": ["7700hq"],
     "spec": {"fp32": v(435 * G, "derived", "devices.md", "4 x 32 FLOP/cycle x 3.4 GHz 4-core turbo (358 at 2.8 GHz base); AVX clocks may be lower"),
              "bandwidth": v(38.4 * G, "derived", "devices.md", "2 ch x 8 B x 2400 MT/s; S-notebookinfo"),
              "memory": v(16 * GiB, "unverified", "S-notebookinfo", "up to 64 GB; 16 GB assumed"),
              "overhead_us": ov(5, "CPU runtime default before fitting"),
              "host_name": v("the same CPU", "unverified", "S-notebookinfo"),
              "host_fp32": v(435 * G, "derived", "devices.md"), "host_ghz": v(3.4, "unverified", "S-notebookinfo"),
              "host_cores": v(4, "unverified", "S-notebookinfo"), "host_bandwidth": v(38.4 * G, "derived", "devices.md")}},
    # ------------------------------------------------------------------ discrete GPUs
    {"id": "titan-x", "name": "NVIDIA TITAN X (Pascal GP102)", "kind": "gpu", "aliases": ["titan-x-pascal"],
     "spec": {"fp32": v(11.0 * T, "unverified", "memory", "3584 x 2 x 1.531 GHz"),
              "int8": v(44.0 * T, "unverified", "devices.md", "DP4A ~ 4 x FP32"),
              "bandwidth": v(480 * G, "unverified", "memory"),
              "memory": v(12 * GiB, "unverified", "memory", "GDDR5X"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE3, **GPU_DESKTOP_HOST}},
    {"id": "titan-x-maxwell", "name": "NVIDIA GeForce GTX TITAN X (Maxwell GM200)", "kind": "gpu", "aliases": [],
     "spec": {"fp32": v(6.6 * T, "unverified", "memory", "3072 x 2 x 1.075 GHz"),
              "bandwidth": v(336.5 * G, "unverified", "memory"),
              "memory": v(12 * GiB, "unverified", "memory", "GDDR5"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE3, **GPU_DESKTOP_HOST}},
    {"id": "gtx-1080ti", "name": "NVIDIA GeForce GTX 1080 Ti", "kind": "gpu", "aliases": ["1080ti"],
     "spec": {"fp32": v(11.3 * T, "datasheet", "NV-TUR", "boost 1582 MHz"),
              "fp16_notc": v(11.3 * T / 64, "unverified", "devices.md", "native FP16 at 1/64 rate; NVIDIA lists 'NA'"),
              "int8": v(45.2 * T, "derived", "devices.md", "DP4A = 4 x FP32, unverified"),
              "bandwidth": v(484 * G, "datasheet", "NV-TUR"),
              "memory": v(11264 * 1024 ** 2, "datasheet", "NV-TUR", "11 GB GDDR5X"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE3, **GPU_DESKTOP_HOST}},
    {"id": "rtx-2070", "name": "NVIDIA GeForce RTX 2070 (reference clocks)", "kind": "gpu", "aliases": ["2070"],
     "spec": {"fp32": v(7.5 * T, "derived", "devices.md", "2304 x 2 x 1.62 GHz; S-bit-tech; 7.9 Founders Edition unverified"),
              "fp16_notc": v(14.9 * T, "derived", "devices.md", "2 x FP32"),
              "fp16": v(59.7 * T, "derived", "devices.md", "288 TC x 128 x 1.62 GHz, FP16 accumulate (29.9 with FP32 accumulate)"),
              "int8": v(119.4 * T, "derived", "devices.md", "2 x FP16 TC (NV-TUR rule)"),
              "bandwidth": v(448 * G, "unverified", "S-tomshw", "256-bit x 14 Gbps"),
              "memory": v(8 * GiB, "unverified", "S-tomshw", "GDDR6"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE3, **GPU_DESKTOP_HOST}},
    {"id": "rtx-2080ti", "name": "NVIDIA GeForce RTX 2080 Ti (reference clocks)", "kind": "gpu", "aliases": ["2080ti"],
     "spec": {"fp32": v(13.4 * T, "datasheet", "NV-TUR", "reference; 14.2 Founders Edition"),
              "fp16_notc": v(26.9 * T, "datasheet", "NV-TUR"),
              "fp16": v(107.6 * T, "datasheet", "NV-TUR", "tensor cores, FP16 accumulate (53.8 FP32 accumulate)"),
              "int8": v(215.2 * T, "datasheet", "NV-TUR"),
              "bandwidth": v(616 * G, "datasheet", "NV-TUR"),
              "memory": v(11 * GiB, "datasheet", "NV-TUR", "GDDR6"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE3, **GPU_DESKTOP_HOST}},
    {"id": "rtx-3060", "name": "NVIDIA GeForce RTX 3060 12 GB", "kind": "gpu", "aliases": ["3060"],
     "spec": {"fp32": v(12.7 * T, "derived", "devices.md", "3584 x 2 x 1.777 GHz; inputs unverified (S-sysrqmts 12.74)"),
              "fp16_notc": v(12.7 * T, "unverified", "devices.md", "= FP32 on GA10x"),
              "fp16": v(51.0 * T, "derived", "devices.md", "112 TC x 256 x 1.777 GHz, FP16 accumulate (25.5 FP32 acc)"),
              "int8": v(101.9 * T, "derived", "devices.md"),
              "bandwidth": v(360 * G, "derived", "devices.md", "192-bit x 15 Gbps; inputs unverified"),
              "memory": v(12 * GiB, "unverified", "devices.md", "GDDR6"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE4, **GPU_DESKTOP_HOST}},
    {"id": "rtx-3090", "name": "NVIDIA GeForce RTX 3090", "kind": "gpu", "aliases": ["3090"],
     "spec": {"fp32": v(35.6 * T, "derived", "devices.md", "10496 x 2 x 1.695 GHz"),
              "fp16_notc": v(35.6 * T, "unverified", "devices.md", "= FP32 on GA10x"),
              "fp16": v(142 * T, "derived", "devices.md", "328 TC x 256 x 1.695 GHz, FP16 accumulate (71 FP32 acc)"),
              "int8": v(284 * T, "derived", "devices.md", "dense"),
              "bandwidth": v(936 * G, "derived", "devices.md", "384-bit x 19.5 Gbps"),
              "memory": v(24 * GiB, "unverified", "devices.md", "GDDR6X"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE4, **GPU_DESKTOP_HOST}},
    {"id": "rtx-4090", "name": "NVIDIA GeForce RTX 4090", "kind": "gpu", "aliases": ["4090"],
     "spec": {"fp32": v(82.6 * T, "derived", "devices.md", "16384 x 2 x 2.52 GHz; S-waredb 82.58"),
              "fp16_notc": v(82.6 * T, "unverified", "S-waredb", "= FP32"),
              "fp16": v(330.3 * T, "unverified", "devices.md", "FP16 accumulate dense; 165.2 FP32 acc; secondary quotes of the Ada whitepaper"),
              "int8": v(660.6 * T, "unverified", "devices.md", "dense"),
              "bandwidth": v(1008 * G, "derived", "devices.md", "384-bit x 21 Gbps"),
              "memory": v(24 * GiB, "unverified", "devices.md", "GDDR6X"),
              "overhead_us": ov(4, "discrete-GPU default before fitting"), "host_link": PCIE4, **GPU_DESKTOP_HOST}},
    {"id": "t4", "name": "NVIDIA Tesla T4 (70 W)", "kind": "gpu", "aliases": ["tesla-t4"],
     "spec": {"fp32": v(8.1 * T, "unverified", "S-geektopia", "2560 x 2 x 1.59 GHz = 8.14 derived"),
              "fp16": v(65 * T, "unverified", "S-geektopia", "mixed FP16/FP32; 320 TC x 128 x 1.59 GHz = 65.1 derived"),
              "int8": v(130 * T, "unverified", "S-geektopia"),
              "bandwidth": v(320 * G, "unverified", "S-sysrqmts", "256-bit x 10 Gbps"),
              "memory": v(16 * GiB, "unverified", "S-geektopia", "GDDR6"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE3, **GPU_SERVER_HOST}},
    {"id": "v100", "name": "NVIDIA Tesla V100 SXM2", "kind": "gpu", "aliases": ["tesla-v100"],
     "spec": {"fp32": v(15.7 * T, "datasheet", "NV-AMP"),
              "fp16_notc": v(31.4 * T, "datasheet", "NV-AMP"),
              "fp16": v(125 * T, "datasheet", "NV-AMP", "tensor cores (FP16 and FP32 accumulate equal)"),
              "int8": v(62.8 * T, "derived", "devices.md", "no INT8 tensor cores; DP4A 4 x FP32, unverified"),
              "bandwidth": v(900 * G, "datasheet", "NV-AMP"),
              "memory": v(16 * GiB, "datasheet", "NV-AMP", "16 or 32 GB HBM2"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE3, **GPU_SERVER_HOST}},
    {"id": "a100", "name": "NVIDIA A100 40 GB SXM4", "kind": "gpu", "aliases": [],
     "spec": {"fp32": v(19.5 * T, "datasheet", "NV-AMP"),
              "fp16_notc": v(78 * T, "datasheet", "NV-AMP"),
              "fp16": v(312 * T, "datasheet", "NV-AMP", "dense (624 sparse)"),
              "int8": v(624 * T, "datasheet", "NV-AMP", "dense (1248 sparse)"),
              "bandwidth": v(1555 * G, "datasheet", "NV-AMP", "80 GB variant 2039 GB/s [unverified]"),
              "memory": v(40 * GiB, "datasheet", "NV-AMP", "HBM2"),
              "overhead_us": ov(5, "discrete-GPU default before fitting"), "host_link": PCIE4, **GPU_SERVER_HOST}},
    {"id": "h100", "name": "NVIDIA H100 SXM5 80 GB", "kind": "gpu", "aliases": [],
     "spec": {"fp32": v(66.9 * T, "unverified", "S-glennklockwood"),
              "fp16_notc": v(133.8 * T, "unverified", "S-glennklockwood"),
              "fp16": v(989.4 * T, "unverified", "S-glennklockwood", "dense (1978.9 sparse)"),
              "int8": v(1978.9 * T, "unverified", "S-glennklockwood", "dense"),
              "bandwidth": v(3350 * G, "unverified", "S-glennklockwood"),
              "memory": v(80 * GiB, "unverified", "S-glennklockwood", "HBM3"),
              "overhead_us": ov(4, "discrete-GPU default before fitting"), "host_link": PCIE5, **GPU_SERVER_HOST}},
    # ------------------------------------------------------------------ accelerators
    {"id": "hailo-8", "name": "Hailo-8 M.2 (key M, PCIe Gen3 x4)", "kind": "npu", "aliases": ["hailo8"],
     "spec": {"int8": v(26 * T, "unverified", "S-cnx-software", "'up to 26 TOPS'; Hailo VP quoted: TOPS 'mostly a marketing plot'; 26 vs 13 (Hailo-8L) confirmed by Hailo staff on S-hailo-community"),
              "bandwidth": v(26 * T / 20, "default", "model", "no external DRAM, weights and activations on chip ('RAM is self-contained', S-cnx-software): on-chip bandwidth unknown, set so that layers with < 20 op/byte are memory-bound; calibrate"),
              "host_link": v(3.94 * G, "derived", "PCIE", "Gen3 x4 = 4 x 8 GT/s x 128/130 / 8; 4 lanes per S-hailo-community"),
              "memory": v(0, "unverified", "S-cnx-software", "no external DRAM; on-chip SRAM size not published in the sources read"),
              "overhead_us": ov(0, "dataflow device: the compiled network runs as one pipeline; per-frame host transfer is the host_link term"),
              **GPU_DESKTOP_HOST}},
    {"id": "coral-edgetpu", "name": "Google Coral Edge TPU (USB accelerator)", "kind": "npu", "aliases": ["coral", "edgetpu"],
     "spec": {"int8": v(4 * T, "datasheet", "CORAL", "'4 trillion operations per second (TOPS)', 2 TOPS/W"),
              "bandwidth": v(4 * T / 20, "default", "model", "on-chip SRAM bandwidth unknown; see hailo-8"),
              "sram": v(8 * 1024 ** 2, "unverified", "devices.md", "8 MB on-chip SRAM for parameters; parameters beyond it stream over the host link every inference"),
              "host_link": v(0.5 * G, "derived", "USB3", "USB 3.0 5 Gbit/s x 8/10 = 0.5 GB/s; PCIe/M.2 versions are faster (unverified)"),
              "memory": v(8 * 1024 ** 2, "unverified", "devices.md", "on-chip SRAM"),
              "overhead_us": ov(0, "dataflow device: one invocation per frame"),
              **GPU_DESKTOP_HOST}},
]


# Tensor cores (devices.md "FP16 TC" column: "none" on the Maxwell and Pascal parts). Darknet's
# CUDNN_HALF path needs them: it sets cudnn_half on compute capability >= 7.0 (src/parser.c, as
# ../shared/reference/latency/README.md quotes it), so its "fp16" runs fp32 without them.
TENSOR_CORES = {
    "jetson-nano": v(0, "unverified", "devices.md", "FP16 TC: none (Maxwell GM20B, sm_53)"),
    "jetson-tx2": v(0, "unverified", "devices.md", "FP16 TC: none (Pascal GP10B)"),
    "jetson-xavier-nx": v(1, "datasheet", "NV-NX", "'48 Tensor cores'"),
    "jetson-agx-xavier": v(1, "unverified", "devices.md", "64 TC; counts unverified"),
    "jetson-orin-nano": v(1, "datasheet", "NV-ON", "'32 Tensor cores'"),
    "jetson-orin-nano-super": v(1, "datasheet", "NV-ON", "same silicon as the Orin Nano: '32 Tensor cores'"),
    "jetson-agx-orin": v(1, "unverified", "devices.md", "64 TC"),
    "titan-x": v(0, "unverified", "devices.md", "FP16 TC: none (Pascal GP102)"),
    "titan-x-maxwell": v(0, "unverified", "devices.md", "FP16 TC: none (Maxwell GM200)"),
    "gtx-1080ti": v(0, "unverified", "devices.md", "FP16 TC: none (Pascal GP102, CC 6.1 per the reference README)"),
    "rtx-2070": v(1, "derived", "devices.md", "288 TC; inputs S-bit-tech"),
    "rtx-2080ti": v(1, "datasheet", "NV-TUR"),
    "rtx-3060": v(1, "derived", "devices.md", "112 TC; inputs unverified"),
    "rtx-3090": v(1, "derived", "devices.md", "328 TC; secondary copies of the GA102 whitepaper"),
    "rtx-4090": v(1, "unverified", "devices.md", "512 TC; secondary quotes of the Ada whitepaper"),
    "t4": v(1, "unverified", "S-geektopia", "320 TC"),
    "v100": v(1, "datasheet", "NV-AMP", "tensor-core FP16 125 TFLOPS"),
    "a100": v(1, "datasheet", "NV-AMP"),
    "h100": v(1, "unverified", "S-glennklockwood"),
}

# Devices without int8 kernels (devices.md "INT8" column); an int8 request falls back to the
# next precision the device has. The others have one (tensor cores or DP4A) or are not stated.
INT8_PATH = {
    "jetson-nano": v(0, "unverified", "devices.md", "INT8: 'no INT8 path in the published YOLO tables'"),
    "titan-x-maxwell": v(0, "unverified", "devices.md", "INT8: none"),
}


def dev_class(d):
    if d["kind"] != "gpu":
        return d["kind"]
    return "embedded-gpu" if d["id"].startswith("jetson") else "discrete-gpu"


def clean(x):
    """Numbers as written by hand: 9 significant digits (no 91199999999.99998)."""
    if isinstance(x, float):
        r = float("%.9g" % x)
        return int(r) if r == int(r) and abs(r) < 2 ** 53 else r
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x


def main():
    for d in DEVICES:
        d["class"] = dev_class(d)
        for key, table in (("tensor_cores", TENSOR_CORES), ("int8_path", INT8_PATH)):
            if d["id"] in table:
                d["spec"][key] = table[d["id"]]
        d["spec"] = clean(d["spec"])
    out = {"schema": 1,
           "about": "Device presets for the latency model. 'spec' holds the --device-spec keys, each as {value, tag, source[, note]}; a user spec gives the same keys as plain numbers. Efficiencies (eff_compute, eff_memory) and fitted overheads are per (device, runtime, precision) in fitted.json.",
           "units": {"fp32": "FLOP/s (dense)", "fp16": "FLOP/s, best unit (tensor cores where present, FP16 accumulate)",
                     "fp16_notc": "FLOP/s on CUDA/SIMD cores, where it differs from fp16",
                     "int8": "op/s (1 MAC = 2 ops), dense", "bandwidth": "bytes/s (DRAM, or on-chip for NPUs)",
                     "memory": "bytes", "overhead_us": "microseconds per kernel launch (default before fitting)",
                     "host_link": "bytes/s between host and device memory", "host_fp32": "FLOP/s of the host CPU (all cores, SIMD)",
                     "host_ghz": "host core clock, GHz (NMS / pre-processing run on one host core)", "host_cores": "count",
                     "host_bandwidth": "bytes/s of host DRAM", "sram": "bytes of on-chip parameter memory (NPUs)",
                     "tensor_cores": "1: the GPU has tensor cores (compute capability >= 7.0), 0: none",
                     "int8_path": "0: no int8 kernels (an int8 request falls back to fp16 or fp32)"},
           "tags": {"datasheet": "read in a vendor primary text (or verbatim copy)", "derived": "arithmetic on named inputs (inputs' own tags in the note)",
                    "unverified": "secondary source or memory", "default": "model default, not device data"},
           "sources": SOURCES,
           "devices": DEVICES}
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "data", "latency", "devices.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote devices.json: %d devices" % len(DEVICES))


if __name__ == "__main__":
    main()
