/**
 * Every command, registered in the order `--help` lists them. Adding a
 * command: its options in `commands/<name>.ts`, its work in `actions/<name>.ts`.
 */
import type { Command } from 'commander';
import { defineCodeCommand } from './code.js';

export function defineCommands(program: Command): void {
  defineCodeCommand(program);
}
