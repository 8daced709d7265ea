using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tmo.Edge.Data.Migrations
{
    /// <inheritdoc />
    public partial class DialogueOwnersAndReplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "CorrelationData",
                table: "Turns",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTopic",
                table: "Turns",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "Dialogues",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CorrelationData",
                table: "Turns");

            migrationBuilder.DropColumn(
                name: "ReplyTopic",
                table: "Turns");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "Dialogues");
        }
    }
}
