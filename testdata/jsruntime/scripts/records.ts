// A sync-shaped loop: map many raw API records of 10 fields into models.
interface RawUser {
    id: number;
    first_name: string;
    last_name: string;
    email: string;
    active: boolean;
    created_at: string;
    score: number;
    tags: string[];
    team: { id: number; name: string };
    note: string | null;
}

interface User {
    id: string;
    name: string;
    email: string;
    active: boolean;
    createdAt: string;
    score: number;
    tags: string;
    teamId: string;
    teamName: string;
    note: string;
}

export default async function run(_nango: unknown, input: { count: number }) {
    const raw: RawUser[] = [];
    for (let i = 0; i < input.count; i++) {
        raw.push({
            id: i,
            first_name: 'First' + i,
            last_name: 'Last' + i,
            email: `user${i}@example.com`,
            active: i % 3 !== 0,
            created_at: '2024-01-01T00:00:00.000Z',
            score: i * 1.5,
            tags: ['a', 'b'],
            team: { id: i % 10, name: 'team' + (i % 10) },
            note: i % 2 ? null : 'note',
        });
    }
    const users: User[] = raw.map((r) => ({
        id: String(r.id),
        name: `${r.first_name} ${r.last_name}`,
        email: r.email.toLowerCase(),
        active: r.active,
        createdAt: new Date(r.created_at).toISOString(),
        score: Math.round(r.score),
        tags: r.tags.join(','),
        teamId: String(r.team.id),
        teamName: r.team.name,
        note: r.note ?? '',
    }));
    return { count: users.length, last: users[users.length - 1] };
}
