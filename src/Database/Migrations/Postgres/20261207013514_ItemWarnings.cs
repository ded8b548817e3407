using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartoon.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ItemWarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "upscale_factor",
                table: "job_items",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "warnings",
                table: "job_items",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "upscale_factor",
                table: "job_items");

            migrationBuilder.DropColumn(
                name: "warnings",
                table: "job_items");
        }
    }
}
