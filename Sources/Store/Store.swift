/// PostgreSQL tables of evmhook and the migrations runner.
public enum StoreModule {}
