/// The Processor service: `XREADGROUP` → match endpoint filters → `LPUSH` jobs. Built by the Processor issue.
public enum ProcessorModule {}
