using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartoon.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ItemStages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "decoding_at",
                table: "job_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "encoding_at",
                table: "job_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fetching_at",
                table: "job_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "inferring_at",
                table: "job_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "storing_at",
                table: "job_items",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "decoding_at",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "encoding_at",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "fetching_at",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "inferring_at",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "storing_at",
                table: "job_items");
        }
    }
}
