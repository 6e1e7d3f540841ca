import { IsString, IsUUID, MaxLength } from 'class-validator';
import { readDto } from './validation';

class Dto {
  @IsUUID()
  organId: string;

  @IsString({ message: 'Ange en titel.' })
  @MaxLength(10, { message: 'Ange en titel.' })
  title: string;
}

describe(readDto.name, () => {
  it("gives class-validator's default English messages in Swedish, naming the field, and keeps a DTO's own", () => {
    const { issues } = readDto(Dto, { organId: 'x', title: 5, extra: 1 });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'organId', message: 'organId: ogiltigt id (ett UUID förväntas).' },
        { path: 'title', message: 'Ange en titel.' },
        { path: 'extra', message: 'Okänt fält: extra.' },
      ]),
    );
    expect(issues.map((i) => i.message).join(' ')).not.toMatch(/must be|should not exist/);
  });
});
