-- Reconciliation (`evmhook reconcile`): which chain event each attempt was for, so deliveries of a block a reorg
-- later orphaned can be found by height. Null in rows written before this migration (they are still found by
-- webhook id, which is all "missing" needs). Adding nullable columns rewrites nothing.
ALTER TABLE delivery_attempts
    ADD COLUMN chain_id bigint,
    ADD COLUMN block_number bigint,
    ADD COLUMN block_hash text,
    ADD COLUMN log_index bigint,
    -- evm.log | evm.log.removed
    ADD COLUMN event_type text;

-- The range query of reconcile: deliveries of one chain's blocks N…M.
CREATE INDEX delivery_attempts_block ON delivery_attempts (chain_id, block_number) WHERE chain_id IS NOT NULL;

-- Which of the missing webhook ids are dead letters.
CREATE INDEX dead_letters_webhook ON dead_letters (webhook_id);
