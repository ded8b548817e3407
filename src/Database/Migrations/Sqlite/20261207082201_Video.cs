using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartoon.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Video : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "chunks_done",
                table: "job_items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "chunks_total",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "first_frames_at",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "frame_rate",
                table: "job_items",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "frames_done",
                table: "job_items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "frames_total",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "job_items",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "image");

            migrationBuilder.AddColumn<long>(
                name: "last_frames_at",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "mux_sent_at",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "video_format",
                table: "job_items",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "video_chunks",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_index = table.Column<int>(type: "INTEGER", nullable: false),
                    chunk = table.Column<int>(type: "INTEGER", nullable: false),
                    frames = table.Column<int>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_video_chunks", x => new { x.job_id, x.item_index, x.chunk });
                    table.ForeignKey(
                        name: "fk_video_chunks_job_items_job_id_item_index",
                        columns: x => new { x.job_id, x.item_index },
                        principalTable: "job_items",
                        principalColumns: new[] { "job_id", "item_index" },
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "video_chunks");

            migrationBuilder.DropColumn(
                name: "chunks_done",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "chunks_total",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "first_frames_at",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "frame_rate",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "frames_done",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "frames_total",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "last_frames_at",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "mux_sent_at",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "video_format",
                table: "job_items");
        }
    }
}
