import type { Prisma, PrismaClient } from '@prisma/client'

/** A Prisma client or an interactive transaction: what services accept. */
export type DbClient = PrismaClient | Prisma.TransactionClient
