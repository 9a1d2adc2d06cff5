#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write tests/data/pci/crafted.dump: config images in lspci -xxxx form that
exercise every PASID/PRI/ATS field and the capability-walk corner cases
(duplicates, a self loop, reserved pointer bits, a capability at the end of
config space, a 256-byte dump, a conventional PCI function, domain 1).
lspci -vvv -F decodes the file independently; lspci-oracle.sh compares."""
import struct
import sys


def header(vendor, device, pcie=True):
    c = bytearray(4096)
    struct.pack_into('<HH', c, 0, vendor, device)
    c[0x06] = 0x10 if pcie else 0          # PCI_STATUS_CAP_LIST
    c[0x09:0x0c] = bytes([0x00, 0x80, 0x08])  # class 0880 (system peripheral)
    if pcie:
        c[0x34] = 0x40                     # PCI_CAPABILITY_LIST
        c[0x40] = 0x10                     # PCI_CAP_ID_EXP, next 0
        c[0x42] = 0x92                     # v2, Root Complex Integrated Endpoint
    return c


def ext(c, pos, cap_id, nxt, body, ver=1):
    struct.pack_into('<I', c, pos, cap_id | ver << 16 | nxt << 20)
    c[pos + 4:pos + 4 + len(body)] = body


def pasid(cap, ctrl):
    return struct.pack('<HH', cap, ctrl)


def pri(ctrl, status, cap, alloc):
    return struct.pack('<HHII', ctrl, status, cap, alloc)


def ats(cap, ctrl):
    return struct.pack('<HH', cap, ctrl)


devs = []

# every bit set / distinctive values
c = header(0x8086, 0x0b25)
ext(c, 0x100, 0x1b, 0x110, pasid(0x1f06, 0x0007))
ext(c, 0x110, 0x13, 0x130, pri(0x0003, 0x8103, 0x12345678, 0x9abcdef0))
ext(c, 0x130, 0x0f, 0x000, ats(0x003f, 0x801f))
devs.append(('01:00.0', c, 4096))

# every bit clear
c = header(0x8086, 0x0b25)
ext(c, 0x100, 0x0f, 0x200, ats(0x0000, 0x0000))
ext(c, 0x200, 0x13, 0x300, pri(0x0000, 0x0000, 0, 0))
ext(c, 0x300, 0x1b, 0x000, pasid(0x0000, 0x0000))
devs.append(('01:00.1', c, 4096))

# mixed values, SR-IOV-like PF layout with other capabilities in between
c = header(0x8086, 0x0cfe)
ext(c, 0x100, 0x01, 0x150, b'\0' * 0x40, ver=2)          # AER
ext(c, 0x150, 0x10, 0x190, b'\0' * 0x3c)                 # SR-IOV
ext(c, 0x190, 0x0f, 0x1a0, ats(0x0020, 0x8003))
ext(c, 0x1a0, 0x1b, 0x1b0, pasid(0x1404, 0x0001))
ext(c, 0x1b0, 0x13, 0x000, pri(0x0001, 0x0100, 0x200, 0x100))
devs.append(('02:00.0', c, 4096))

# duplicates: the first of each counts (pci_find_ext_capability)
c = header(0x1af4, 0x1041)
ext(c, 0x100, 0x1b, 0x108, pasid(0x0802, 0x0002))
ext(c, 0x108, 0x1b, 0x110, pasid(0x1406, 0x0007))
ext(c, 0x110, 0x0f, 0x118, ats(0x0005, 0x0002))
ext(c, 0x118, 0x0f, 0x000, ats(0x0010, 0x8000))
devs.append(('03:00.0', c, 4096))

# a self loop after ATS, and reserved low bits in a next pointer
c = header(0x1af4, 0x1042)
ext(c, 0x100, 0x0f, 0x143 >> 0 & 0xfff, ats(0x0003, 0x8004))  # 0x143 -> 0x140
ext(c, 0x140, 0x1b, 0x140, pasid(0x0b00, 0x0001))
devs.append(('04:00.0', c, 4096))

# PRI in the last 16 bytes of config space
c = header(0x1af4, 0x1043)
ext(c, 0x100, 0x1b, 0xff0, pasid(0x1000, 0x0000))
ext(c, 0xff0, 0x13, 0x000, pri(0x0001, 0x0002, 0x20, 0x20))
devs.append(('05:00.0', c, 4096))

# conventional PCI: no PCIe capability, so no extended space to decode
c = header(0x8086, 0x7000, pcie=False)
ext(c, 0x100, 0x1b, 0x000, pasid(0x1406, 0x0007))
devs.append(('06:00.0', c, 4096))

# PCIe, but an lspci -xxx dump: 256 bytes only
c = header(0x8086, 0x0b25)
devs.append(('07:00.0', c, 256))

# another domain
c = header(0x8086, 0x0b25)
ext(c, 0x100, 0x1b, 0x000, pasid(0x1302, 0x0003))
devs.append(('0001:6a:01.0', c, 4096))

out = []
for bdf, c, size in devs:
    out.append('%s Class 0880: Device %04x:%04x' % (bdf, *struct.unpack_from('<HH', c, 0)))
    for off in range(0, size, 16):
        fmt = '%02x:' if off < 256 else '%03x:'
        out.append(fmt % off + ''.join(' %02x' % b for b in c[off:off + 16]))
    out.append('')
sys.stdout.write('\n'.join(out))
