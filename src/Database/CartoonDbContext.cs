using Cartoon.Database.Rows;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Database;

/// <summary>
/// Job state: jobs, their items (and the finished chunks of video items), webhook deliveries, the bus outbox and idempotency keys. One model, two providers
/// (<see cref="PostgresCartoonDbContext"/>, <see cref="SqliteCartoonDbContext"/>), each with its own migrations.
/// </summary>
public abstract class CartoonDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<JobRow> Jobs => Set<JobRow>();
    public DbSet<JobItemRow> JobItems => Set<JobItemRow>();
    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();
    public DbSet<OutboxMessageRow> OutboxMessages => Set<OutboxMessageRow>();
    public DbSet<IdempotencyKeyRow> IdempotencyKeys => Set<IdempotencyKeyRow>();
    public DbSet<VideoChunkRow> VideoChunks => Set<VideoChunkRow>();

    /// <summary>Which provider this context speaks (some statements differ: row locks, SKIP LOCKED).</summary>
    public abstract string Provider { get; }

    // Partial-index filters: only unfinished rows are looked up by these indexes, and they are few.
    private const string UnfinishedItem = "status IN ('queued', 'processing')";
    private const string OpenJob = "completed_at IS NULL";
    private const string PendingDelivery = "status = 'pending'";

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<JobRow>(job =>
        {
            job.ToTable("jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.TenantId).HasMaxLength(64);
            job.Property(j => j.Status).HasMaxLength(16);
            job.Property(j => j.Style).HasMaxLength(32);
            job.Property(j => j.Format).HasMaxLength(16);
            job.Property(j => j.Detail).HasMaxLength(16).HasDefaultValue("standard");
            job.Property(j => j.WebhookUrl).HasMaxLength(2048);
            job.Property(j => j.WebhookEvents).HasMaxLength(256);
            job.Property(j => j.TraceId).HasMaxLength(32);
            // GET /v1/jobs: a tenant's jobs newest first (keyset on submitted_at, id).
            job.HasIndex(j => new { j.TenantId, j.SubmittedAt, j.Id });
            job.HasIndex(j => new { j.TenantId, j.Status, j.SubmittedAt, j.Id });
            // Queue position: unfinished jobs by submit time.
            job.HasIndex(j => j.SubmittedAt).HasDatabaseName("ix_jobs_open_submitted_at").HasFilter(OpenJob);
            job.HasIndex(j => j.CompletedAt);
            job.HasIndex(j => j.DeletedAt);
            job.HasMany(j => j.Items).WithOne().HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);
            job.HasMany(j => j.Webhooks).WithOne().HasForeignKey(w => w.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<JobItemRow>(item =>
        {
            item.ToTable("job_items");
            item.HasKey(i => new { i.JobId, i.Index });
            item.Property(i => i.Index).HasColumnName("item_index");
            item.Property(i => i.Status).HasMaxLength(16);
            item.Property(i => i.Tier).HasMaxLength(32);
            item.Property(i => i.Reason).HasMaxLength(64);
            item.Property(i => i.Warnings).HasMaxLength(256);
            item.Property(i => i.InputFormat).HasMaxLength(16);
            item.Property(i => i.ContentType).HasMaxLength(64);
            item.Property(i => i.Device).HasMaxLength(64);
            item.Property(i => i.Kind).HasMaxLength(8).HasDefaultValue("image");
            item.Property(i => i.VideoFormat).HasMaxLength(8);
            item.Property(i => i.FrameRate).HasMaxLength(32);
            // Backlog per tier (embedded backpressure) counts unfinished items only.
            item.HasIndex(i => i.Tier).HasDatabaseName("ix_job_items_unfinished_tier").HasFilter(UnfinishedItem);
            // Recent per-item time for the queue estimate.
            item.HasIndex(i => new { i.Status, i.CompletedAt });
        });

        model.Entity<VideoChunkRow>(chunk =>
        {
            chunk.ToTable("video_chunks");
            chunk.HasKey(c => new { c.JobId, c.ItemIndex, c.Chunk });
            // Purged with its item (job retention deletes the job row, which cascades to the items).
            chunk.HasOne<JobItemRow>().WithMany().HasForeignKey(c => new { c.JobId, c.ItemIndex }).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<WebhookDeliveryRow>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(64);
            delivery.Property(d => d.TenantId).HasMaxLength(64);
            delivery.Property(d => d.Event).HasMaxLength(32);
            delivery.Property(d => d.Status).HasMaxLength(16);
            delivery.Property(d => d.Url).HasMaxLength(2048);
            delivery.Property(d => d.LeaseOwner).HasMaxLength(64);
            delivery.HasIndex(d => d.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_pending_due").HasFilter(PendingDelivery);
            delivery.HasIndex(d => new { d.JobId, d.CreatedAt });
        });

        model.Entity<OutboxMessageRow>(message =>
        {
            message.ToTable("outbox_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.MessageType).HasMaxLength(128);
            message.Property(m => m.LeaseOwner).HasMaxLength(64);
            message.HasIndex(m => m.AvailableAt);
        });

        model.Entity<IdempotencyKeyRow>(key =>
        {
            key.ToTable("idempotency_keys");
            key.HasKey(k => new { k.TenantId, k.Key });
            key.Property(k => k.TenantId).HasMaxLength(64);
            key.Property(k => k.Key).HasMaxLength(255);
            key.Property(k => k.Fingerprint).HasMaxLength(64);
            key.Property(k => k.State).HasMaxLength(16);
            key.Property(k => k.ResponseContentType).HasMaxLength(128);
            key.Property(k => k.ResponseLocation).HasMaxLength(2048);
            key.HasIndex(k => k.CreatedAt);
        });
    }
}
