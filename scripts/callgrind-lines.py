#!/usr/bin/env python3
"""Per-source-line instruction counts of one function from a callgrind profile (see scripts/instructions.sh).

usage: callgrind-lines.py PROFILE FUNCTION-SUBSTRING UNSTRIPPED-BINARY ROWS
Of the functions whose name holds the substring, takes the one with the most instructions and prints each of its
instructions with its count divided by ROWS and its source line (objdump -d -l of the unstripped binary: callgrind
ran on a `strip -g` copy, whose addresses are the same). The first line names the function.
"""
import sys,re,subprocess,collections
f=sys.argv[1]; pat=sys.argv[2]; binary=sys.argv[3]; rows=int(sys.argv[4]) if len(sys.argv)>4 else 1
costs=collections.defaultdict(collections.Counter); cur=None; addr=0; skip=False; names={}
for l in open(f):
    l=l.rstrip('\n')
    if l.startswith('fn='):
        m=re.match(r'fn=\((\d+)\)(?: (.*))?',l)
        if m:
            if m.group(2): names[m.group(1)]=m.group(2)
            cur=names.get(m.group(1),'')
        else: cur=l[3:]
        continue
    if l.startswith('cfn='):
        m=re.match(r'cfn=\((\d+)\)(?: (.*))?',l)
        if m and m.group(2): names[m.group(1)]=m.group(2)
        continue
    if l.startswith('calls='): skip=True; continue
    if not l or not (l[0] in '0123456789+-*'): continue
    parts=l.split()
    a=parts[0]
    if a.startswith('0x'): addr=int(a,16)
    elif a.startswith('+'): addr+=int(a[1:],16) if a[1:].startswith('0x') else int(a[1:])
    elif a.startswith('-'): addr-=int(a[1:],16) if a[1:].startswith('0x') else int(a[1:])
    elif a=='*': pass
    else: continue
    if skip: skip=False; continue
    if cur and pat in cur and len(parts)>2: costs[cur][addr]+=int(parts[2])
if not costs: sys.exit('no function matching ' + pat)
name=max(costs, key=lambda k: sum(costs[k].values())); cost=costs[name]
print('# ' + name)
lo=min(cost); hi=max(cost)
dis=subprocess.run(['objdump','-d','-l','--no-show-raw-insn','--start-address=%#x'%lo,'--stop-address=%#x'%(hi+16),binary],capture_output=True,text=True).stdout
src=''
for line in dis.splitlines():
    m=re.match(r'\s*([0-9a-f]+):\s*(.*)',line)
    if m:
        a=int(m.group(1),16); c=cost.get(a,0)
        print('%6.2f %x  %-50s %s'%(c/rows,a,m.group(2)[:50],src))
    elif line.startswith('/'):
        src=line.split('/')[-1]
