using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartoon.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    response_status = table.Column<int>(type: "INTEGER", nullable: true),
                    response_content_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    response_body = table.Column<string>(type: "TEXT", nullable: true),
                    response_location = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.tenant_id, x.key });
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    base_url = table.Column<string>(type: "TEXT", nullable: false),
                    style = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    strength = table.Column<float>(type: "REAL", nullable: false),
                    max_side = table.Column<int>(type: "INTEGER", nullable: true),
                    format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    quality = table.Column<int>(type: "INTEGER", nullable: false),
                    webhook_url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    webhook_events = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    rejected = table.Column<string>(type: "TEXT", nullable: false),
                    trace_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    remaining = table.Column<int>(type: "INTEGER", nullable: false),
                    succeeded = table.Column<int>(type: "INTEGER", nullable: false),
                    failed = table.Column<int>(type: "INTEGER", nullable: false),
                    canceled = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    canceled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    handed_off_at = table.Column<long>(type: "INTEGER", nullable: true),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    webhook_disabled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    webhook_disabled_reason = table.Column<string>(type: "TEXT", nullable: true),
                    revision = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    message_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    available_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_items",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_index = table.Column<int>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", nullable: true),
                    input_key = table.Column<string>(type: "TEXT", nullable: false),
                    result_key = table.Column<string>(type: "TEXT", nullable: false),
                    input_format = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    work_width = table.Column<int>(type: "INTEGER", nullable: false),
                    work_height = table.Column<int>(type: "INTEGER", nullable: false),
                    tier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    message = table.Column<string>(type: "TEXT", nullable: true),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    result_width = table.Column<int>(type: "INTEGER", nullable: true),
                    result_height = table.Column<int>(type: "INTEGER", nullable: true),
                    faces = table.Column<int>(type: "INTEGER", nullable: true),
                    batch_size = table.Column<int>(type: "INTEGER", nullable: true),
                    device = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    inference_ms = table.Column<double>(type: "REAL", nullable: true),
                    queue_wait_ms = table.Column<double>(type: "REAL", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_items", x => new { x.job_id, x.item_index });
                    table.ForeignKey(
                        name: "fk_job_items_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    job_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 32, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: true),
                    attempts = table.Column<string>(type: "TEXT", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_job_items_status_completed_at",
                table: "job_items",
                columns: new[] { "status", "completed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_job_items_unfinished_tier",
                table: "job_items",
                column: "tier",
                filter: "status IN ('queued', 'processing')");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_completed_at",
                table: "jobs",
                column: "completed_at");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_deleted_at",
                table: "jobs",
                column: "deleted_at");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_open_submitted_at",
                table: "jobs",
                column: "submitted_at",
                filter: "completed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_tenant_id_status_submitted_at_id",
                table: "jobs",
                columns: new[] { "tenant_id", "status", "submitted_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_tenant_id_submitted_at_id",
                table: "jobs",
                columns: new[] { "tenant_id", "submitted_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_available_at",
                table: "outbox_messages",
                column: "available_at");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_job_id_created_at",
                table: "webhook_deliveries",
                columns: new[] { "job_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_pending_due",
                table: "webhook_deliveries",
                column: "next_attempt_at",
                filter: "status = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "job_items");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
