import re,sys,glob,statistics as st
from collections import defaultdict
files=sorted(glob.glob(sys.argv[1]+'/*.md'))
rows=defaultdict(list)   # key (section, ratio label) -> list of (file, placement, median)
for f in files:
    sec=None
    for line in open(f):
        m=re.match(r'## (.*?), (\d+)-byte messages, producer on CPU (\d)',line)
        if m:
            sec=(m.group(1),int(m.group(2))); cpu=m.group(3); continue
        m=re.match(r'\| (best .*?|ipcsync .*?) \| ([\d.]+) \| \*\*([\d.]+)\*\* \| ([\d.]+) \|',line)
        if m and sec:
            label=m.group(1).replace(' (the same code, another ring)','')
            rows[(sec,label)].append((f.split('/')[-1][:-3],cpu,float(m.group(3)),float(m.group(2)),float(m.group(4))))
for (sec,label),vals in sorted(rows.items()):
    meds=[v[2] for v in vals]
    below=sum(1 for x in meds if x<1)
    print(f"{sec[0]:28s} {sec[1]:5d} | {label:55s} | n={len(meds):2d} medians {min(meds):.2f}-{max(meds):.2f} median-of-medians {st.median(meds):.2f} below1={below} | rounds {min(v[3] for v in vals):.2f}-{max(v[4] for v in vals):.2f}")
