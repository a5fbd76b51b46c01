/// The Ingestor service: `newHeads` → `eth_getLogs` → dedup → `XADD`. Built by the Ingestor issue.
public enum IngestorModule {}
