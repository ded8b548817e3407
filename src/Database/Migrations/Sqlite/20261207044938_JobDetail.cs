using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cartoon.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JobDetail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "detail",
                table: "jobs",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "standard");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "detail",
                table: "jobs");
        }
    }
}
