using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartoon.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemStages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "decoding_at",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "encoding_at",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "fetching_at",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "inferring_at",
                table: "job_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "storing_at",
                table: "job_items",
                type: "INTEGER",
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
