import json,sys
for f in sys.argv[1:]:
    print("==",f)
    for r in json.load(open(f)):
        name=r['benchmark'].split('bench.')[1]
        params=",".join(f"{k}={v}" for k,v in sorted(r.get('params',{}).items()))
        sm=r.get('secondaryMetrics',{})
        rec=[k for k in sm if 'received' in k]
        if rec:
            m=sm[rec[0]]
            print(f"{name:60s} {params:30s} received {m['score']/1e6:7.1f} M ± {m['scoreError']/1e6:.1f}")
        else:
            print(f"{name:60s} {params:30s} primary {r['primaryMetric']['score']/1e6:7.1f} M")
